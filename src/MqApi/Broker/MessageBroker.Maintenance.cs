using Microsoft.Extensions.Logging;
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
                LogConsumerTimedOut(_logger, consumer.Tag, consumer.Queue.Name, consumer.Queue.Vhost, session.ConnectionId, session.User);
                if (consumer.Queue.RemoveConsumer(consumer)) deletions.Add(DeleteQueueInstanceAsync(consumer.Queue));
                RequeueUnsettled(unsettled);
            }
        }
        await Task.WhenAll(deletions);
    }

    [LoggerMessage(11, LogLevel.Warning, "Cancelled consumer {ConsumerTag} on queue {Queue} in vhost {Vhost} of connection {ConnectionId} of user {User}: a delivery stayed unacknowledged longer than the consumer timeout", EventName = "ConsumerTimedOut")]
    private static partial void LogConsumerTimedOut(ILogger logger, string consumerTag, string queue, string vhost, string connectionId, string user);

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
