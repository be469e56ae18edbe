using MqApi.Broker.Delivery;

namespace MqApi.Broker;

public sealed partial class MessageBroker
{
    /// <summary>The longest a leased get may wait for a message, as SQS's long poll.</summary>
    public const int MaxLeaseWaitMs = 20_000;

    private readonly LeaseBook _leases = new();

    /// <summary>
    /// Takes up to <paramref name="count"/> messages, each under its own lease of <paramref name="leaseMs"/>:
    /// invisible to every other consumer until acked, nacked or expired (then back, redelivered). With
    /// <paramref name="waitMs"/>, waits that long for a first message when the queue is empty.
    /// </summary>
    public async Task<IReadOnlyList<LeasedMessage>> GetLeasedAsync(
        Caller caller, string vhost, string queueName, int count, int leaseMs, int waitMs, CancellationToken cancellationToken)
    {
        if (count < 1) throw BrokerException.BadArgument("count must be >= 1");
        if (leaseMs < 1) throw BrokerException.BadArgument("lease_ms must be >= 1 with ackmode 'lease'");
        if (waitMs is < 0 or > MaxLeaseWaitMs) throw BrokerException.BadArgument($"wait_ms must be from 0 to {MaxLeaseWaitMs}");
        var queue = VhostFor(caller, vhost).GetQueue(queueName);
        Demand(caller, vhost, Access.AccessKind.Read, "queue", queueName);
        VirtualHost.EnsureAccessible(queue, caller.ConnectionId);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(waitMs);
        while (true)
        {
            var (taken, marksStored) = queue.Take(count);
            if (taken.Count > 0 || deadline.IsCancellationRequested)
            {
                foreach (var t in taken) queue.CountDelivery(Statistics.MessageStat.Get, t.PreviousDeliveries);
                var expiresAt = _services.NowUnixMs + leaseMs;
                var remaining = queue.Counters.MessagesReady;
                List<LeasedMessage> leased = [.. taken.Select((t, index) => new LeasedMessage(
                    _leases.Add(queue, t.Message, expiresAt),
                    new GetResult(t.Message.Message, t.PreviousDeliveries > 0, t.PreviousDeliveries, remaining + taken.Count - index - 1)))];
                // Answer only once the hand-out is stored: a lease open at a crash then comes back
                // redelivered. The leases are booked first, so if this wait fails they still run out.
                await marksStored.WaitAsync(cancellationToken);
                return leased;
            }
            try
            {
                await queue.WaitForReadyAsync(deadline.Token);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                // Waited long enough: one last look, then answer with what there is.
            }
        }
    }

    /// <summary>Acks leased messages; answers once the acks are stored. Returns the tags that were unknown or expired.</summary>
    public async Task<IReadOnlyList<long>> AckLeasesAsync(Caller caller, string vhost, string queueName, IReadOnlyList<long> tags)
    {
        var (queue, leases, unknown) = TakeLeases(caller, vhost, queueName, tags);
        queue.Count(Statistics.MessageStat.Ack, leases.Count);
        await queue.Ack(null, [.. leases.Select(l => l.Message)]);
        return unknown;
    }

    /// <summary>Nacks leased messages: requeued (redelivered), or without requeue dead-lettered or dropped.</summary>
    public async Task<IReadOnlyList<long>> NackLeasesAsync(Caller caller, string vhost, string queueName, IReadOnlyList<long> tags, bool requeue)
    {
        var (queue, leases, unknown) = TakeLeases(caller, vhost, queueName, tags);
        var messages = leases.Select(l => l.Message).ToList();
        queue.Count(Statistics.MessageStat.Nack, messages.Count);
        if (requeue) queue.Requeue(null, messages);
        else await queue.Discard(null, messages);
        return unknown;
    }

    /// <summary>Puts messages whose lease ran out back in their queues, redelivered.</summary>
    private void ExpireLeases(long nowUnixMs)
    {
        foreach (var group in _leases.TakeExpired(nowUnixMs).GroupBy(l => l.Queue))
        {
            group.Key.Requeue(null, [.. group.Select(l => l.Message)]);
        }
    }

    private (Queues.MessageQueue Queue, List<LeaseBook.Lease> Leases, List<long> Unknown) TakeLeases(Caller caller, string vhost, string queueName, IReadOnlyList<long> tags)
    {
        var queue = VhostFor(caller, vhost).GetQueue(queueName);
        Demand(caller, vhost, Access.AccessKind.Read, "queue", queueName);
        var now = _services.NowUnixMs;
        var leases = new List<LeaseBook.Lease>();
        var unknown = new List<long>();
        foreach (var tag in tags.Distinct())
        {
            if (_leases.TryTake(tag, queue, now, out var lease)) leases.Add(lease);
            else unknown.Add(tag);
        }
        return (queue, leases, unknown);
    }
}

/// <summary>A message handed out under a lease, with the tag that settles it.</summary>
public sealed record LeasedMessage(long DeliveryTag, GetResult Result);
