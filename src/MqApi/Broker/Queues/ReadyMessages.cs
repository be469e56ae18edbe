namespace MqApi.Broker.Queues;

/// <summary>
/// The messages waiting in a queue, in delivery order: higher priority first (when the queue has
/// x-max-priority), then publish order. Ordering by publish sequence also puts a requeued message
/// back where it was, as RabbitMQ does. Not thread-safe: guarded by the queue's lock.
/// </summary>
public sealed class ReadyMessages(int maxPriority)
{
    private readonly PriorityQueue<QueuedMessage, (int Priority, long Sequence)> _messages = new();

    public int Count => _messages.Count;
    public long Bytes { get; private set; }

    public void Add(QueuedMessage message)
    {
        _messages.Enqueue(message, (-PriorityOf(message), message.Sequence));
        Bytes += message.BodySize;
    }

    public bool TryPeek(out QueuedMessage message) => _messages.TryPeek(out message!, out _);

    public bool TryTake(out QueuedMessage message)
    {
        if (!_messages.TryDequeue(out message!, out _)) return false;
        Bytes -= message.BodySize;
        return true;
    }

    public List<QueuedMessage> TakeAll()
    {
        var all = new List<QueuedMessage>(_messages.Count);
        while (TryTake(out var message)) all.Add(message);
        return all;
    }

    private int PriorityOf(QueuedMessage message) =>
        maxPriority == 0 ? 0 : Math.Clamp(message.Message.Properties.Priority ?? 0, 0, maxPriority);
}
