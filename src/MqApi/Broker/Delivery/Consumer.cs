using MqApi.Broker.Queues;

namespace MqApi.Broker.Delivery;

/// <summary>
/// A subscription of one session to one queue. Its counters are changed only under its queue's
/// lock, which is what lets the queue enforce prefetch exactly.
/// </summary>
public sealed class Consumer(ClientSession session, MessageQueue queue, string tag, ConsumerOptions options)
{
    public ClientSession Session { get; } = session;
    public MessageQueue Queue { get; } = queue;
    public string Tag { get; } = tag;
    public ConsumerOptions Options { get; } = options;

    /// <summary>Deliveries not yet settled (for autoAck: not yet sent).</summary>
    internal int Unsettled { get; set; }
    /// <summary>Deliveries handed to the session but not yet written to the client.</summary>
    internal int Unsent { get; set; }
    internal bool IsCancelled { get; set; }

    /// <summary>
    /// Room for one more delivery: never more than prefetch unsettled (manual ack), and never more
    /// than the send buffer unsent, so an autoAck consumer on a slow link is not flooded either.
    /// </summary>
    internal bool HasCapacity =>
        !IsCancelled &&
        Unsent < Options.SendBufferSize &&
        (Options.AutoAck || Options.Prefetch == 0 || Unsettled < Options.Prefetch);
}

/// <summary>How a consumer wants deliveries: prefetch 0 means no limit, as in RabbitMQ.</summary>
public sealed record ConsumerOptions(int Prefetch, bool AutoAck, bool Exclusive, int SendBufferSize = ConsumerOptions.DefaultSendBufferSize)
{
    public const int DefaultSendBufferSize = 1000;
}
