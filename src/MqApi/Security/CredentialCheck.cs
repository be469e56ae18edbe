using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using MqApi.Broker;
using MqApi.Broker.Persistence;

namespace MqApi.Security;

/// <summary>
/// Checks a user name and password against the user directory. A slow hash (PBKDF2) on every request
/// would cap the API at a few dozen requests a second, so a success is remembered as a keyed SHA-256
/// of the password, bound to the exact stored hash: a password change or delete invalidates it at once.
/// </summary>
public sealed class CredentialCheck
{
    private readonly MessageBroker _broker;
    private readonly PasswordHashing _hashing;
    private readonly byte[] _cacheKey = RandomNumberGenerator.GetBytes(32);
    private readonly ConcurrentDictionary<string, (string StoredHash, byte[] Proof)> _verified = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Task<bool>> _verifying = new(StringComparer.Ordinal);

    public CredentialCheck(MessageBroker broker, PasswordHashing hashing)
    {
        _broker = broker;
        _hashing = hashing;
        broker.Users.UserChanged += name => _verified.TryRemove(name, out _);
    }

    /// <summary>
    /// True while the directory holds this very record: any change to the user (password, tags) or its
    /// deletion replaces or removes it.
    /// </summary>
    public bool IsCurrent(UserRecord user) => ReferenceEquals(_broker.Users.FindUser(user.Name), user);

    /// <summary>The user, when the password is right; null otherwise.</summary>
    /// <remarks>A remembered success answers on the caller's thread; a slow hash is checked on the pool (<see cref="PasswordHashing.VerifyAsync"/>).</remarks>
    public async ValueTask<UserRecord?> CheckAsync(string name, string password)
    {
        if (_broker.Users.FindUser(name) is not { } user) return null;
        var proof = HMACSHA256.HashData(_cacheKey, Encoding.UTF8.GetBytes(password));
        if (_verified.TryGetValue(name, out var cached) && cached.StoredHash == user.PasswordHash &&
            CryptographicOperations.FixedTimeEquals(cached.Proof, proof))
        {
            return user;
        }
        if (!await VerifyOnceAsync(user, password, proof)) return null;
        _verified[name] = (user.PasswordHash, proof);
        return user;
    }

    /// <summary>
    /// The slow hash, shared by concurrent checks of the same password against the same stored hash:
    /// after a restart every client of a user logs in at once, and one hash answers them all.
    /// </summary>
    private Task<bool> VerifyOnceAsync(UserRecord user, string password, byte[] proof)
    {
        var key = $"{user.Name}\n{user.PasswordHash}\n{Convert.ToBase64String(proof)}";
        var mine = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        var shared = _verifying.GetOrAdd(key, mine.Task);
        if (shared != mine.Task) return shared;
        _ = VerifyAsync();
        return mine.Task;

        async Task VerifyAsync()
        {
            try
            {
                mine.SetResult(await _hashing.VerifyAsync(user.PasswordHash, user.HashingAlgorithm, password));
            }
            catch (Exception exception)
            {
                mine.SetException(exception);
            }
            finally
            {
                _verifying.TryRemove(new KeyValuePair<string, Task<bool>>(key, mine.Task));
            }
        }
    }
}
