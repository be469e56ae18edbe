using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Identity;

namespace MqApi.Security;

/// <summary>
/// Makes and checks password hashes. New passwords use ASP.NET Core Identity's PBKDF2 hasher; hashes
/// given as RabbitMQ's <c>password_hash</c> (salted SHA-256 or SHA-512, or MD5 from old exports) are
/// accepted as they are, so definitions move over unchanged.
/// </summary>
public sealed class PasswordHashing
{
    public const string Pbkdf2 = "mqapi_pbkdf2";
    public const string RabbitSha256 = "rabbit_password_hashing_sha256";
    public const string RabbitSha512 = "rabbit_password_hashing_sha512";
    public const string RabbitMd5 = "rabbit_password_hashing_md5";

    private static readonly string[] RabbitAlgorithms = [RabbitSha256, RabbitSha512, RabbitMd5];
    private readonly PasswordHasher<string> _hasher = new();
    private long _slowChecks;

    /// <summary>How many PBKDF2 hashes <see cref="Verify"/> has checked since start (tests read it).</summary>
    internal long SlowChecks => Interlocked.Read(ref _slowChecks);

    public (string Hash, string Algorithm) Hash(string password) => (_hasher.HashPassword("", password), Pbkdf2);

    /// <summary>
    /// <see cref="Hash"/> on the thread pool. PBKDF2 takes milliseconds, and request code may run on a socket
    /// event thread (<see cref="Hosting.InlineIoScheduling"/>) that serves other connections meanwhile.
    /// </summary>
    public Task<(string Hash, string Algorithm)> HashAsync(string password) => Task.Run(() => Hash(password));

    /// <summary>
    /// <see cref="Verify"/>, with a PBKDF2 hash checked on the thread pool (see <see cref="HashAsync"/>); RabbitMQ's
    /// salted hashes are one SHA round and are checked at once.
    /// </summary>
    public ValueTask<bool> VerifyAsync(string hash, string algorithm, string password) =>
        algorithm == Pbkdf2 && hash.Length > 0
            ? new ValueTask<bool>(Task.Run(() => Verify(hash, algorithm, password)))
            : ValueTask.FromResult(Verify(hash, algorithm, password));

    public static bool IsKnownRabbitAlgorithm(string algorithm) => RabbitAlgorithms.Contains(algorithm);

    public bool Verify(string hash, string algorithm, string password)
    {
        if (hash.Length == 0) return false; // RabbitMQ: an empty hash means "no password login".
        if (algorithm == Pbkdf2)
        {
            Interlocked.Increment(ref _slowChecks);
            return _hasher.VerifyHashedPassword("", hash, password) != PasswordVerificationResult.Failed;
        }
        return VerifyRabbit(hash, algorithm, password);
    }

    /// <summary>RabbitMQ's format: base64 of a 4-byte salt followed by hash(salt + UTF-8 password).</summary>
    private static bool VerifyRabbit(string hash, string algorithm, string password)
    {
        byte[] decoded;
        try
        {
            decoded = Convert.FromBase64String(hash);
        }
        catch (FormatException)
        {
            return false;
        }
        if (decoded.Length < 5) return false;
        var salt = decoded.AsSpan(0, 4);
        var salted = new byte[4 + Encoding.UTF8.GetByteCount(password)];
        salt.CopyTo(salted);
        Encoding.UTF8.GetBytes(password, salted.AsSpan(4));
        var computed = algorithm switch
        {
            RabbitSha256 => SHA256.HashData(salted),
            RabbitSha512 => SHA512.HashData(salted),
            RabbitMd5 => MD5.HashData(salted),
            _ => [],
        };
        return computed.Length > 0 && CryptographicOperations.FixedTimeEquals(computed, decoded.AsSpan(4));
    }
}
