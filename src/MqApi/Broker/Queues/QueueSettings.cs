using MqApi.Broker.Messages;

namespace MqApi.Broker.Queues;

/// <summary>The declared flags and arguments of a queue; compared on redeclare.</summary>
public sealed record QueueSettings(bool Durable, bool Exclusive, bool AutoDelete, IReadOnlyDictionary<string, object?> Arguments)
{
    public static QueueSettings DurableDefaults { get; } = new(true, false, false, FieldTable.Empty);

    public bool IsSingleActiveConsumer =>
        Arguments.TryGetValue("x-single-active-consumer", out var value) && FieldTable.TryGetBoolean(value, out var on) && on;

    /// <summary>Highest priority the queue honours (x-max-priority), or 0 when it ignores priorities.</summary>
    public int MaxPriority => (int)Math.Clamp(Integer("x-max-priority") ?? 0, 0, 255);

    /// <summary>x-message-ttl: how long a message may wait, in milliseconds.</summary>
    public long? MessageTtl => Integer("x-message-ttl");
    /// <summary>x-expires: how long the queue may go unused before it is deleted, in milliseconds.</summary>
    public long? Expires => Integer("x-expires");
    public long? MaxLength => Integer("x-max-length");
    public long? MaxLengthBytes => Integer("x-max-length-bytes");
    /// <summary>x-overflow: drop-head (default), reject-publish or reject-publish-dlx.</summary>
    public string Overflow => Arguments.TryGetValue("x-overflow", out var value) && value is string mode ? mode : "drop-head";
    public string? DeadLetterExchange => Arguments.TryGetValue("x-dead-letter-exchange", out var value) && value is string name ? name : null;
    public string? DeadLetterRoutingKey => Arguments.TryGetValue("x-dead-letter-routing-key", out var value) && value is string key ? key : null;
    /// <summary>x-delivery-limit: deliveries allowed before a returned message is dead-lettered instead of requeued.</summary>
    public long? DeliveryLimit => Integer("x-delivery-limit");
    /// <summary>x-deduplication-window: how long a message_id is remembered, in milliseconds.</summary>
    public long? DeduplicationWindow => Integer("x-deduplication-window");

    private long? Integer(string argument) =>
        Arguments.TryGetValue(argument, out var value) && FieldTable.TryGetInteger(value, out var number) ? number : null;
}
