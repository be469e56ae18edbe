using Microsoft.Extensions.Logging;
using MqApi.Broker.Delivery;

namespace MqApi.Broker;

public sealed partial class MessageBroker
{
    /// <summary>Opens a session for a client connection; its deliveries go to <paramref name="target"/>.</summary>
    public ClientSession OpenSession(string connectionId, string user, IDeliveryTarget target)
    {
        var session = new ClientSession(connectionId, user, target, _services.Time, _logger);
        // Count and add together, so two connections opening at once cannot both squeeze under the limit.
        lock (_sessions)
        {
            var limit = _options.MaxConnectionsPerUser;
            if (limit > 0 && _sessions.Values.Count(s => s.User == user) >= limit)
                throw BrokerException.AccessRefused($"user '{user}' already has {limit} connections, its limit (Broker:MaxConnectionsPerUser)");
            if (!_sessions.TryAdd(connectionId, session))
                throw new InvalidOperationException($"a session for connection '{connectionId}' is already open");
        }
        return session;
    }

    public ClientSession? FindSession(string connectionId) => _sessions.GetValueOrDefault(connectionId);

    /// <summary>
    /// Closes a connection's session as RabbitMQ closes a channel: its consumers go (auto-delete queues
    /// with them), its unsettled deliveries are requeued — redelivered if they may have reached the
    /// client — and its exclusive queues are deleted.
    /// </summary>
    public async Task CloseSessionAsync(string connectionId)
    {
        if (!_sessions.TryRemove(connectionId, out var session)) return;
        var (consumers, unsettled) = session.Close();
        var deletions = new List<Task>();
        foreach (var consumer in consumers)
        {
            if (consumer.Queue.RemoveConsumer(consumer)) deletions.Add(DeleteQueueInstanceAsync(consumer.Queue));
        }
        RequeueUnsettled(unsettled);
        foreach (var vhost in _vhosts.Values)
        {
            foreach (var queue in vhost.Queues.Where(q => q.OwnerConnectionId == connectionId))
            {
                deletions.Add(DeleteQueueInstanceAsync(queue));
            }
        }
        await Task.WhenAll(deletions);
        await session.StoppedAsync;
    }

    /// <summary>Starts a consumer on a queue; returns its tag (server-made when empty).</summary>
    public string Subscribe(ClientSession session, string vhost, string queueName, ConsumerOptions options, string consumerTag)
    {
        if (options.Prefetch < 0) throw BrokerException.BadArgument("prefetch must be >= 0");
        NameRules.EnsureShortString("consumer tag", consumerTag);
        var caller = new Caller(session.User, session.ConnectionId);
        var queue = VhostFor(caller, vhost).GetQueue(queueName);
        Demand(caller, vhost, Access.AccessKind.Read, "queue", queueName);
        VirtualHost.EnsureAccessible(queue, session.ConnectionId);
        var tag = consumerTag.Length > 0 ? consumerTag : "amq.ctag-" + Guid.NewGuid().ToString("N");
        var consumer = new Consumer(session, queue, tag, options);
        session.AddConsumer(consumer);
        try
        {
            queue.AddConsumer(consumer);
        }
        catch
        {
            session.RemoveConsumer(tag);
            throw;
        }
        return tag;
    }

    /// <summary>Cancels a consumer; deliveries it already received stay unsettled until acked or nacked.</summary>
    public async Task UnsubscribeAsync(ClientSession session, string consumerTag)
    {
        var consumer = session.RemoveConsumer(consumerTag) ?? throw BrokerException.NotFound($"no consumer '{consumerTag}' on this connection");
        if (consumer.Queue.RemoveConsumer(consumer)) await DeleteQueueInstanceAsync(consumer.Queue);
    }

    /// <summary>
    /// Acks one delivery, or with <paramref name="multiple"/> every one up to it. The settlement happens
    /// before this returns (an unknown tag throws here, changing nothing); the task completes once the
    /// deletes are stored. The hub does not wait for that, as AMQP's basic.ack has no reply.
    /// </summary>
    public Task AckAsync(ClientSession session, long deliveryTag, bool multiple)
    {
        // A consumer the ack makes room for (prefetch 1 above all) is sent its next delivery from this thread.
        using var sends = InlineSends.Begin();
        var settled = session.TakeForSettlement(deliveryTag, multiple);
        // One delivery (the usual ack) skips the grouping.
        if (settled.Count == 1) return AckCounted(settled[0].Consumer, [settled[0].Message]);
        return Task.WhenAll(settled.GroupBy(s => s.Consumer).Select(group => AckCounted(group.Key, [.. group.Select(s => s.Message)])).ToList());

        static Task AckCounted(Consumer consumer, IReadOnlyCollection<Queues.QueuedMessage> messages)
        {
            consumer.Queue.Count(Statistics.MessageStat.Ack, messages.Count);
            return consumer.Queue.Ack(consumer, messages);
        }
    }

    /// <summary>
    /// Nacks: requeued (redelivered) or, without requeue, dropped. Settled before this returns, like
    /// <see cref="AckAsync"/>; the task completes once the drops are stored.
    /// </summary>
    public Task NackAsync(ClientSession session, long deliveryTag, bool multiple, bool requeue)
    {
        using var sends = InlineSends.Begin();
        var settled = session.TakeForSettlement(deliveryTag, multiple);
        var stored = new List<Task>();
        foreach (var group in settled.GroupBy(s => s.Consumer))
        {
            var messages = group.Select(s => s.Message).ToList();
            group.Key.Queue.Count(Statistics.MessageStat.Nack, messages.Count);
            if (requeue) group.Key.Queue.Requeue(group.Key, messages);
            else stored.Add(group.Key.Queue.Discard(group.Key, messages));
        }
        return Task.WhenAll(stored);
    }

    public Task RejectAsync(ClientSession session, long deliveryTag, bool requeue) => NackAsync(session, deliveryTag, false, requeue);
}
