namespace MqApi.Broker.Queues;

/// <summary>
/// Takes messages a queue lets go of — expired, rejected, over a length limit or the delivery limit —
/// to republish them to the queue's dead-letter exchange. Called under the queue's lock, so it must not
/// block; the republish happens later, and the message's stored row is removed only after its
/// dead-lettered copies are stored (a crash in between gives a duplicate, never a loss).
/// </summary>
public interface IDeadLetterSink
{
    void Add(MessageQueue queue, QueuedMessage message, string reason);
}

/// <summary>RabbitMQ's dead-letter reasons, as they appear in <c>x-death</c>.</summary>
public static class DeadLetterReasons
{
    public const string Rejected = "rejected";
    public const string Expired = "expired";
    public const string MaxLength = "maxlen";
    public const string DeliveryLimit = "delivery_limit";
}
