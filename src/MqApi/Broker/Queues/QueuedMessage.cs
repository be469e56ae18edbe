using MqApi.Broker.Messages;

namespace MqApi.Broker.Queues;

/// <summary>
/// One queue's copy of a message: the shared <see cref="Messages.Message"/> plus what is per queue —
/// its place in line, its row in the store, how often it was handed out and when it expires.
/// Mutated only under the owning queue's lock.
/// </summary>
public sealed class QueuedMessage(Message message, long sequence, long storeId, int deliveryCount = 0, long? expiresAtUnixMs = null)
{
    public Message Message { get; } = message;
    /// <summary>Position in publish order; a requeued message goes back to this place.</summary>
    public long Sequence { get; } = sequence;
    /// <summary>Row id in the store, or 0 when the message lives only in memory.</summary>
    public long StoreId { get; } = storeId;
    /// <summary>How many times the message has been handed to a consumer or a get.</summary>
    public int DeliveryCount { get; set; } = deliveryCount;
    /// <summary>When the message expires (queue TTL or its own expiration), if ever.</summary>
    public long? ExpiresAtUnixMs { get; } = expiresAtUnixMs;

    public bool IsStored => StoreId != 0;
    public int BodySize => Message.Body.Length;

    // Strictly after: a TTL of 0 still lets a message go to a consumer that can take it at once, as in RabbitMQ.
    public bool IsExpired(long nowUnixMs) => ExpiresAtUnixMs is { } expiresAt && expiresAt < nowUnixMs;
}
