using System.Globalization;
using MqApi.Broker.Messages;
using MqApi.Broker.Queues;

namespace MqApi.Broker;

public sealed partial class MessageBroker
{
    /// <summary>
    /// Publishes a message. Answers only after it is routed and, where persistent, committed for every
    /// durable queue it reached. Returns whether any queue took it.
    /// </summary>
    public async Task<bool> PublishAsync(string vhost, string exchange, string routingKey, MessageProperties properties, ReadOnlyMemory<byte> body)
    {
        ValidateProperties(properties);
        var outcome = GetVhost(vhost).Publish(exchange, routingKey, properties, body, Sequence);
        await outcome.Stored;
        return outcome.Routed;
    }

    /// <summary>
    /// Takes up to <paramref name="count"/> messages (AMQP basic.get) and settles them at once as
    /// <paramref name="settlement"/> says; a requeued message goes back to its place, redelivered.
    /// </summary>
    public async Task<IReadOnlyList<GetResult>> GetAsync(string vhost, string queueName, int count, GetSettlement settlement, string? connectionId = null)
    {
        if (count < 1) throw BrokerException.BadArgument("count must be >= 1");
        var queue = GetVhost(vhost).GetQueue(queueName);
        VirtualHost.EnsureAccessible(queue, connectionId);
        var taken = queue.Take(count);
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
        return [.. taken.Select((t, index) => new GetResult(
            t.Message.Message, t.PreviousDeliveries > 0, t.PreviousDeliveries, remaining + taken.Count - index - 1))];
    }

    private static void ValidateProperties(MessageProperties properties)
    {
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
