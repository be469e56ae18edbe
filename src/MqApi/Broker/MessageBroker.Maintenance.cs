using MqApi.Broker.Delivery;

namespace MqApi.Broker;

public sealed partial class MessageBroker
{
    /// <summary>
    /// Time-driven work, run every fraction of a second by the host: expired messages leave their queue
    /// heads, unused queues with x-expires are deleted, run-out leases come back, and consumers that sat
    /// on a delivery longer than the consumer timeout are cancelled with their deliveries requeued.
    /// </summary>
    public async Task SweepAsync()
    {
        var now = _services.NowUnixMs;
        ExpireLeases(now);
        var deletions = new List<Task>();
        foreach (var vhost in _vhosts.Values)
        {
            foreach (var queue in vhost.Queues)
            {
                if (queue.Sweep(now)) deletions.Add(DeleteQueueInstanceAsync(queue));
            }
        }
        var cutoff = now - (long)_options.ConsumerTimeout.TotalMilliseconds;
        foreach (var session in _sessions.Values)
        {
            foreach (var (consumer, unsettled) in session.CancelTimedOutConsumers(cutoff))
            {
                if (consumer.Queue.RemoveConsumer(consumer)) deletions.Add(DeleteQueueInstanceAsync(consumer.Queue));
                RequeueUnsettled(unsettled);
            }
        }
        await Task.WhenAll(deletions);
    }

    private static void RequeueUnsettled(IEnumerable<ClientSession.UnsettledDelivery> unsettled)
    {
        foreach (var group in unsettled.GroupBy(u => (u.Consumer, u.MayHaveReachedClient)))
        {
            var messages = group.Select(u => u.Message).ToList();
            if (group.Key.MayHaveReachedClient) group.Key.Consumer.Queue.Requeue(group.Key.Consumer, messages);
            else group.Key.Consumer.Queue.ReturnUnsent(group.Key.Consumer, messages);
        }
    }
}
