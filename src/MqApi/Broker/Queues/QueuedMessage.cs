using MqApi.Broker.Messages;

namespace MqApi.Broker.Queues;

/// <summary>
/// One queue's copy of a message: the shared <see cref="Messages.Message"/> plus what is per queue —
/// its place in line, its row in the store and how often it was handed out. Mutated only under the
/// owning queue's lock.
/// </summary>
public sealed class QueuedMessage(Message message, long sequence, long storeId, int deliveryCount = 0)
{
    public Message Message { get; } = message;
    /// <summary>Position in publish order; a requeued message goes back to this place.</summary>
    public long Sequence { get; } = sequence;
    /// <summary>Row id in the store, or 0 when the message lives only in memory.</summary>
    public long StoreId { get; } = storeId;
    /// <summary>How many times the message has been handed to a consumer or a get.</summary>
    public int DeliveryCount { get; set; } = deliveryCount;

    public bool IsStored => StoreId != 0;
    public int BodySize => Message.Body.Length;
}
