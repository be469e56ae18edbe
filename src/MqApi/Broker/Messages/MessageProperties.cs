namespace MqApi.Broker.Messages;

/// <summary>The AMQP 0-9-1 basic properties of a message. Immutable; shared by every queue the message reaches.</summary>
public sealed record MessageProperties
{
    public static readonly MessageProperties Empty = new();

    public string? ContentType { get; init; }
    public string? ContentEncoding { get; init; }
    public IReadOnlyDictionary<string, object?>? Headers { get; init; }
    /// <summary>1 = transient, 2 = persistent.</summary>
    public int? DeliveryMode { get; init; }
    public int? Priority { get; init; }
    public string? CorrelationId { get; init; }
    public string? ReplyTo { get; init; }
    /// <summary>Per-message TTL in milliseconds, as a string (AMQP's shortstr).</summary>
    public string? Expiration { get; init; }
    public string? MessageId { get; init; }
    /// <summary>Seconds since the Unix epoch.</summary>
    public long? Timestamp { get; init; }
    public string? Type { get; init; }
    public string? UserId { get; init; }
    public string? AppId { get; init; }
    public string? ClusterId { get; init; }

    public bool IsPersistent => DeliveryMode == 2;
}
