using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;
using MqApi.Broker;

namespace MqApi.Security;

/// <summary>
/// Slows down password guessing: each client address may fail to log in a few times a minute (a fixed
/// window from .NET's rate limiter); past that its logins are refused unchecked until the window ends.
/// Successful logins cost nothing here: an address that has not failed within the last window is
/// answered from a dictionary lookup, without the rate limiter (whose partition lookup locks).
/// </summary>
public sealed class FailedLogins : IDisposable
{
    private static readonly TimeSpan Window = TimeSpan.FromMinutes(1);
    // Addresses that sent a failed login, with the time of the last one. An address absent here, or
    // whose last failure is a whole window old, cannot be locked out: the window that counted it is over.
    private readonly ConcurrentDictionary<IPAddress, long> _lastFailure = new();
    private const int MaxRemembered = 10_000;
    private readonly PartitionedRateLimiter<string> _limiter;

    public FailedLogins(IOptions<BrokerOptions> options)
    {
        var perMinute = Math.Max(1, options.Value.FailedLoginsPerMinute);
        _limiter = PartitionedRateLimiter.Create<string, string>(address => RateLimitPartition.GetFixedWindowLimiter(address, _ =>
            new FixedWindowRateLimiterOptions { PermitLimit = perMinute, Window = Window, QueueLimit = 0 }));
    }

    /// <summary>
    /// True while the address has used up its failures for this window. A client without an address
    /// runs in the same process (the test server): it cannot be guessing passwords from outside.
    /// </summary>
    public bool IsLockedOut(IPAddress? client)
    {
        if (client is null || !_lastFailure.TryGetValue(client, out var lastFailure)) return false;
        if (Stopwatch.GetElapsedTime(lastFailure) > Window)
        {
            // Only drop the entry if no failure was recorded since it was read.
            _lastFailure.TryRemove(KeyValuePair.Create(client, lastFailure));
            return false;
        }
        // Asking for zero permits tells whether any are left without taking one.
        using var lease = _limiter.AttemptAcquire(Key(client), 0);
        return !lease.IsAcquired;
    }

    public void RecordFailure(IPAddress? client)
    {
        if (client is null) return;
        _lastFailure[client] = Stopwatch.GetTimestamp();
        // Addresses that fail once and never come back would otherwise stay forever.
        if (_lastFailure.Count > MaxRemembered) ForgetExpired();
        using var lease = _limiter.AttemptAcquire(Key(client), 1);
    }

    private void ForgetExpired()
    {
        foreach (var entry in _lastFailure)
        {
            if (Stopwatch.GetElapsedTime(entry.Value) > Window) _lastFailure.TryRemove(entry);
        }
    }

    public void Dispose() => _limiter.Dispose();

    private static string Key(IPAddress client) => client.ToString();
}
