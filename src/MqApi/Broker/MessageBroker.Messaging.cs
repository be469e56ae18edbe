using System.Globalization;
using MqApi.Broker.Delivery;
using MqApi.Broker.Messages;
using MqApi.Broker.Queues;
using MqApi.Broker.Statistics;

namespace MqApi.Broker;

public sealed partial class MessageBroker
{
    /// <summary>
    /// Publishes a message. Answers only after it is routed and, where persistent, committed for every
    /// durable queue it reached.
    /// </summary>
    public async Task<PublishResult> PublishAsync(Caller caller, string vhost, string exchange, string routingKey, MessageProperties properties, ReadOnlyMemory<byte> body)
    {
        var host = VhostFor(caller, vhost);
        DemandPublish(caller, vhost, exchange);
        ValidateMessage(routingKey, properties, body);
        PublishOutcome outcome;
        // A consumer woken by this message is sent it from this thread (InlineSends), not a pool thread.
        using (InlineSends.Begin()) outcome = host.Publish(exchange, routingKey, properties, body, Sequence);
        await outcome.Stored;
        CountClientPublish(outcome.Routed);
        return new PublishResult(outcome.Routed, outcome.Duplicate, outcome.Rejected);
    }

    /// <summary>
    /// Publishes several messages in order (so each queue keeps the batch's order) and answers once all
    /// of them are stored. Every message is checked before any is published: a bad one refuses the batch.
    /// </summary>
    public async Task<IReadOnlyList<PublishResult>> PublishBatchAsync(Caller caller, string vhost, string exchange, IReadOnlyList<OutgoingMessage> messages)
    {
        var host = VhostFor(caller, vhost);
        DemandPublish(caller, vhost, exchange);
        foreach (var message in messages) ValidateMessage(message.RoutingKey, message.Properties, message.Body);
        host.GetExchange(exchange);
        List<PublishOutcome> outcomes;
        using (InlineSends.Begin()) outcomes = [.. messages.Select(m => host.Publish(exchange, m.RoutingKey, m.Properties, m.Body, Sequence))];
        await Task.WhenAll(outcomes.Select(o => o.Stored));
        foreach (var outcome in outcomes) CountClientPublish(outcome.Routed);
        return [.. outcomes.Select(o => new PublishResult(o.Routed, o.Duplicate, o.Rejected))];
    }

    /// <summary>
    /// Takes up to <paramref name="count"/> messages (AMQP basic.get) and settles them at once as
    /// <paramref name="settlement"/> says; a requeued message goes back to its place, redelivered.
    /// </summary>
    public async Task<IReadOnlyList<GetResult>> GetAsync(Caller caller, string vhost, string queueName, int count, GetSettlement settlement)
    {
        if (count < 1) throw BrokerException.BadArgument("count must be >= 1");
        var queue = VhostFor(caller, vhost).GetQueue(queueName);
        Demand(caller, vhost, Access.AccessKind.Read, "queue", queueName);
        VirtualHost.EnsureAccessible(queue, caller.ConnectionId);
        // The marks are not waited for: an ack or reject below is stored after them anyway, and a requeued
        // message may come back unflagged after a crash (README, delivery guarantees).
        var (taken, _) = await queue.TakeAsync(count, PageWaitForGet);
        foreach (var t in taken) queue.CountDelivery(settlement == GetSettlement.Ack ? MessageStat.GetNoAck : MessageStat.Get, t.PreviousDeliveries);
        var messages = taken.Select(t => t.Message).ToList();
        // Counted before settling: as RabbitMQ's basic.get_ok, each message's count is what was left
        // behind it when it was taken, whether or not it goes back afterwards.
        var remaining = queue.Counters.MessagesReady;
        switch (settlement)
        {
            case GetSettlement.Requeue: queue.Requeue(null, messages); break;
            case GetSettlement.Ack: await queue.Ack(null, messages); break;
            case GetSettlement.Reject: await queue.Discard(null, messages); break;
        }
        if (settlement != GetSettlement.Ack) queue.Count(MessageStat.Nack, messages.Count);
        return [.. taken.Select((t, index) => new GetResult(
            t.Message.Message, t.PreviousDeliveries > 0, t.PreviousDeliveries, remaining + taken.Count - index - 1))];
    }

    /// <summary>How long a get waits for its queue's next page to come back from the store.</summary>
    private static readonly TimeSpan PageWaitForGet = TimeSpan.FromSeconds(30);

    /// <summary>A client's publish, answered (confirmed) after its message was stored; returned to it when unroutable.</summary>
    private void CountClientPublish(bool routed)
    {
        Totals.Add(MessageStat.Publish);
        Totals.Add(MessageStat.Confirm);
        Totals.Add(routed ? MessageStat.Routed : MessageStat.ReturnUnroutable);
    }

    /// <summary>Publishing needs write permission on the exchange; the default exchange is named amq.default for this, as in RabbitMQ.</summary>
    private void DemandPublish(Caller caller, string vhost, string exchange) =>
        Demand(caller, vhost, Access.AccessKind.Write, "exchange", exchange.Length == 0 ? "amq.default" : exchange);

    private void ValidateMessage(string routingKey, MessageProperties properties, ReadOnlyMemory<byte> body)
    {
        NameRules.EnsureShortString("routing key", routingKey);
        if (body.Length > _options.MaxMessageBytes)
            throw BrokerException.BadArgument($"message body of {body.Length} bytes is over the limit of {_options.MaxMessageBytes} bytes");
        if (properties.DeliveryMode is { } mode && mode is not (1 or 2))
            throw BrokerException.BadArgument($"delivery_mode must be 1 (transient) or 2 (persistent); got {mode}");
        if (properties.Priority is { } priority && priority is < 0 or > 255)
            throw BrokerException.BadArgument($"priority must be from 0 to 255; got {priority}");
        if (properties.Expiration is { } expiration &&
            (!long.TryParse(expiration, NumberStyles.None, CultureInfo.InvariantCulture, out var ttl) || ttl < 0))
            throw BrokerException.BadArgument($"expiration must be a non-negative number of milliseconds as a string; got '{expiration}'");
        foreach (var value in new[] { properties.CorrelationId, properties.ReplyTo, properties.MessageId, properties.Type, properties.UserId, properties.AppId, properties.ContentType, properties.ContentEncoding })
        {
            if (value is not null) NameRules.EnsureShortString("a message property", value);
        }
    }
}

/// <summary>A message to publish in a batch.</summary>
public sealed record OutgoingMessage(string RoutingKey, MessageProperties Properties, ReadOnlyMemory<byte> Body);

/// <summary>
/// What became of one publish: routed to at least one queue; a duplicate (its message_id was already
/// taken within a queue's dedup window: stored once, answered as a success); or rejected by a limit.
/// </summary>
public sealed record PublishResult(bool Routed, bool Duplicate, bool Rejected);

/// <summary>What a get does with the messages it returns (the REST ackmodes).</summary>
public enum GetSettlement
{
    /// <summary>Back in the queue, flagged redelivered (ack_requeue_true, reject_requeue_true).</summary>
    Requeue,
    /// <summary>Removed (ack_requeue_false).</summary>
    Ack,
    /// <summary>Rejected without requeue (reject_requeue_false): removed, or dead-lettered.</summary>
    Reject,
}

/// <summary>One message from a get, with how many are left behind it (AMQP's message-count).</summary>
public sealed record GetResult(Message Message, bool Redelivered, int PreviousDeliveries, int MessageCount);
