using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using MqApi.Broker;
using MqApi.Broker.Persistence;

namespace MqApi.Security;

/// <summary>
/// Bearer tokens for browsers, which cannot send basic credentials on a WebSocket. A token is a random
/// value held here (only its SHA-256), tied to the user's password hash when it was issued: it stops
/// working when it expires, when the user is deleted or when the password changes. Tokens live in memory,
/// so a restart signs everyone out; clients get a new one with their credentials.
/// </summary>
public sealed class AccessTokens(MessageBroker broker, IOptions<BrokerOptions> options, TimeProvider time)
{
    private readonly ConcurrentDictionary<string, IssuedToken> _tokens = new(StringComparer.Ordinal);

    public TimeSpan Lifetime => TimeSpan.FromSeconds(options.Value.TokenLifetimeSeconds);

    public string Issue(UserRecord user)
    {
        PruneExpired();
        var token = Base64Url(RandomNumberGenerator.GetBytes(32));
        _tokens[Fingerprint(token)] = new IssuedToken(user.Name, user.PasswordHash, time.GetUtcNow() + Lifetime);
        return token;
    }

    /// <summary>The user a token still speaks for, or null.</summary>
    public UserRecord? Validate(string token)
    {
        var key = Fingerprint(token);
        if (!_tokens.TryGetValue(key, out var issued)) return null;
        var user = broker.Users.FindUser(issued.User);
        if (issued.ExpiresAt <= time.GetUtcNow() || user is null || user.PasswordHash != issued.PasswordHash)
        {
            _tokens.TryRemove(key, out _);
            return null;
        }
        return user;
    }

    private void PruneExpired()
    {
        if (_tokens.Count < 1024) return;
        var now = time.GetUtcNow();
        foreach (var (key, issued) in _tokens)
        {
            if (issued.ExpiresAt <= now) _tokens.TryRemove(key, out _);
        }
    }

    private static string Fingerprint(string token) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private sealed record IssuedToken(string User, string PasswordHash, DateTimeOffset ExpiresAt);
}
