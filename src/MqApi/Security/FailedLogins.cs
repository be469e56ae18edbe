using System.Net;
using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;
using MqApi.Broker;

namespace MqApi.Security;

/// <summary>
/// Slows down password guessing: each client address may fail to log in a few times a minute (a fixed
/// window from .NET's rate limiter); past that its logins are refused unchecked until the window ends.
/// Successful logins cost nothing here.
/// </summary>
public sealed class FailedLogins : IDisposable
{
    private readonly PartitionedRateLimiter<string> _limiter;

    public FailedLogins(IOptions<BrokerOptions> options)
    {
        var perMinute = Math.Max(1, options.Value.FailedLoginsPerMinute);
        _limiter = PartitionedRateLimiter.Create<string, string>(address => RateLimitPartition.GetFixedWindowLimiter(address, _ =>
            new FixedWindowRateLimiterOptions { PermitLimit = perMinute, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 }));
    }

    /// <summary>
    /// True while the address has used up its failures for this window. A client without an address
    /// runs in the same process (the test server): it cannot be guessing passwords from outside.
    /// </summary>
    public bool IsLockedOut(IPAddress? client)
    {
        if (client is null) return false;
        // Asking for zero permits tells whether any are left without taking one.
        using var lease = _limiter.AttemptAcquire(Key(client), 0);
        return !lease.IsAcquired;
    }

    public void RecordFailure(IPAddress? client)
    {
        if (client is null) return;
        using var lease = _limiter.AttemptAcquire(Key(client), 1);
    }

    public void Dispose() => _limiter.Dispose();

    private static string Key(IPAddress client) => client.ToString();
}
