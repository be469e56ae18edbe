using System.Collections.Concurrent;
using MqApi.Broker.Queues;

namespace MqApi.Broker.Delivery;

/// <summary>
/// Messages handed out over HTTP with a lease: each has its own delivery tag and deadline. Whoever
/// removes a lease from the book — an ack, a nack, or expiry — settles it, so a message is settled
/// once; a late ack after expiry finds no lease and is refused, and cannot remove a message that
/// someone else now holds under a newer tag.
/// </summary>
public sealed class LeaseBook
{
    private readonly ConcurrentDictionary<long, Lease> _leases = new();
    private long _lastTag;

    public int Count => _leases.Count;

    public long Add(MessageQueue queue, QueuedMessage message, long expiresAtUnixMs)
    {
        var tag = Interlocked.Increment(ref _lastTag);
        _leases[tag] = new Lease(tag, queue, message, expiresAtUnixMs);
        return tag;
    }

    /// <summary>Takes the lease of <paramref name="tag"/> if it is on <paramref name="queue"/> and still open.</summary>
    public bool TryTake(long tag, MessageQueue queue, long nowUnixMs, out Lease lease)
    {
        if (_leases.TryGetValue(tag, out lease!) && ReferenceEquals(lease.Queue, queue) && lease.ExpiresAtUnixMs > nowUnixMs)
        {
            return _leases.TryRemove(new KeyValuePair<long, Lease>(tag, lease));
        }
        return false;
    }

    /// <summary>Takes every lease that ran out.</summary>
    public List<Lease> TakeExpired(long nowUnixMs)
    {
        var expired = new List<Lease>();
        foreach (var (tag, lease) in _leases)
        {
            if (lease.ExpiresAtUnixMs <= nowUnixMs && _leases.TryRemove(new KeyValuePair<long, Lease>(tag, lease))) expired.Add(lease);
        }
        return expired;
    }

    public sealed record Lease(long Tag, MessageQueue Queue, QueuedMessage Message, long ExpiresAtUnixMs);
}
