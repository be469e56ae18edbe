using MqApi.Broker.Delivery;
using MqApi.Broker.Persistence;
using MqApi.Broker.Statistics;

namespace MqApi.Broker.Queues;

/// <summary>
/// A queue: its ready messages, its consumers and the count of deliveries not yet settled.
/// Every change happens under one lock, so a message is handed to one consumer at a time and the
/// counters are right the moment an operation returns. Who holds an unsettled delivery (and so may
/// settle it) is tracked by the holder — a <see cref="ClientSession"/>, a lease or a get — not here;
/// the queue trusts each settle call to come exactly once per delivery.
/// A durable queue keeps only a window of its ready messages in memory and pages the rest from the
/// store (see MessageQueue.Paging.cs); its counters always include the paged ones.
/// Lock order: virtual host, then queue, then session (see docs/locks.md).
/// </summary>
public sealed partial class MessageQueue
{
    private readonly object _gate = new();
    private readonly BrokerServices _services;
    private readonly ReadyMessages _ready;
    private readonly List<Consumer> _consumers = [];
    private readonly DeduplicationWindow? _deduplication;
    private readonly PagedTail _paged = new();
    private readonly int _window;
    private readonly Action _waitForPublishesInFlight;
    private long _highestInMemoryId;
    private int _nextConsumer;
    private int _unacknowledged;
    private bool _hadConsumer;
    private long _lastUsedUnixMs;
    private TaskCompletionSource? _readyWaiter;

    /// <summary>
    /// A queue. <paramref name="waitForPublishesInFlight"/> returns once every publish that has drawn its
    /// message ids has enqueued them; without it the queue never pages (keeps every message in memory).
    /// </summary>
    public MessageQueue(string vhost, string name, QueueSettings settings, string? ownerConnectionId, BrokerServices services,
        Action? waitForPublishesInFlight = null)
    {
        Vhost = vhost;
        Name = name;
        Settings = settings;
        OwnerConnectionId = ownerConnectionId;
        _services = services;
        _ready = new ReadyMessages(settings.MaxPriority);
        _deduplication = settings.DeduplicationWindow is { } window ? new DeduplicationWindow(window) : null;
        _lastUsedUnixMs = services.NowUnixMs;
        // Only queues whose persistent messages are stored page. Priority queues keep everything in memory,
        // since a page read in id order could not keep higher priorities first. A length limit that drops
        // from the head already bounds memory, and dropping a head still in the store would have to wait for its page.
        var dropsHead = settings.Overflow == "drop-head" && (settings.MaxLength is not null || settings.MaxLengthBytes is not null);
        var pages = settings.Durable && ownerConnectionId is null && settings.MaxPriority == 0 && !dropsHead && waitForPublishesInFlight is not null;
        _window = pages ? Math.Max(0, services.QueueMemoryWindow) : 0;
        _waitForPublishesInFlight = waitForPublishesInFlight ?? (() => { });
    }

    public string Vhost { get; }
    public string Name { get; }
    public QueueSettings Settings { get; }
    /// <summary>The connection an exclusive queue belongs to; null for shared queues.</summary>
    public string? OwnerConnectionId { get; }
    public bool IsDurable => Settings.Durable;
    public bool IsDeleted { get; private set; }

    /// <summary>This queue's message_stats; every count but publish also goes to the broker totals.</summary>
    public MessageStats Stats { get; } = new();

    public QueueCounters Counters
    {
        get
        {
            lock (_gate) return new QueueCounters(_ready.Count + _paged.Count, _unacknowledged, _consumers.Count, _ready.Bytes + _paged.Bytes);
        }
    }

    public IReadOnlyList<Consumer> Consumers
    {
        get
        {
            lock (_gate) return [.. _consumers];
        }
    }

    /// <summary>Adds a published message at the back of the line, unless a limit or the dedup window says no.</summary>
    internal EnqueueResult Enqueue(QueuedMessage message)
    {
        lock (_gate)
        {
            if (IsDeleted) return EnqueueResult.QueueDeleted;
            var now = _services.NowUnixMs;
            if (_deduplication is not null && !_deduplication.TryRemember(message.Message.Properties.MessageId, now))
                return EnqueueResult.Duplicate;
            if (Settings.Overflow != "drop-head" && WouldOverflow(message))
            {
                if (Settings.Overflow == "reject-publish-dlx") DeadLetterLocked(message, DeadLetterReasons.MaxLength);
                _deduplication?.Forget(message.Message.Properties.MessageId);
                return EnqueueResult.Rejected;
            }
            if (ShouldPageLocked(message)) _paged.Add(message);
            else AddReadyLocked(message);
            while (IsOverLimit() && TryTakeHeadLocked(out var head)) DeadLetterLocked(head, DeadLetterReasons.MaxLength);
            Stats.Add(MessageStat.Publish);
            DispatchLocked();
            SignalReadyLocked();
            return EnqueueResult.Accepted;
        }
    }

    /// <summary>Start-up only: puts back a recovered message, no limits applied.</summary>
    internal void Restore(QueuedMessage message)
    {
        lock (_gate)
        {
            AddReadyLocked(message);
            _deduplication?.TryRemember(message.Message.Properties.MessageId, _services.NowUnixMs);
        }
    }

    internal void AddConsumer(Consumer consumer)
    {
        lock (_gate)
        {
            if (IsDeleted) throw BrokerException.NoQueue(Vhost, Name);
            if (consumer.Options.Exclusive && _consumers.Count > 0)
                throw BrokerException.AccessRefused($"queue '{Name}' in vhost '{Vhost}' already has consumers; cannot consume exclusively");
            if (_consumers.Any(c => c.Options.Exclusive))
                throw BrokerException.AccessRefused($"queue '{Name}' in vhost '{Vhost}' has an exclusive consumer");
            _consumers.Add(consumer);
            _hadConsumer = true;
            _lastUsedUnixMs = _services.NowUnixMs;
            DispatchLocked();
        }
    }

    /// <summary>Removes a consumer; true when the queue is auto-delete and that was its last one.</summary>
    internal bool RemoveConsumer(Consumer consumer)
    {
        lock (_gate)
        {
            consumer.IsCancelled = true;
            if (!_consumers.Remove(consumer)) return false;
            if (_nextConsumer >= _consumers.Count) _nextConsumer = 0;
            _lastUsedUnixMs = _services.NowUnixMs;
            // With a single active consumer, the next in line may now be active.
            DispatchLocked();
            return Settings.AutoDelete && _hadConsumer && _consumers.Count == 0 && !IsDeleted;
        }
    }

    /// <summary>
    /// Takes up to <paramref name="count"/> ready messages for a get or lease; each must then be settled
    /// once. <c>MarksStored</c> completes once their new delivery counts are stored: a caller whose
    /// messages stay out after it answers (a lease) waits for it, so a crash cannot hide the hand-out.
    /// </summary>
    internal (List<(QueuedMessage Message, int PreviousDeliveries)> Taken, Task MarksStored) Take(int count)
    {
        var taken = new List<(QueuedMessage, int)>();
        var marks = new List<Task>();
        lock (_gate)
        {
            _lastUsedUnixMs = _services.NowUnixMs;
            while (taken.Count < count && TryTakeLive(out var message))
            {
                taken.Add((message, MarkDelivered(message, out var marked)));
                marks.Add(marked);
            }
        }
        return (taken, Task.WhenAll(marks));
    }

    /// <summary>Completes when the queue has a ready message (it may be gone again by the time the caller looks).</summary>
    internal Task WaitForReadyAsync(CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (HeadIsDeliverableLocked() || IsDeleted) return Task.CompletedTask;
            _readyWaiter ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            return _readyWaiter.Task.WaitAsync(cancellationToken);
        }
    }

    /// <summary>Settles deliveries as done: the messages leave the queue for good.</summary>
    internal Task Ack(Consumer? consumer, IReadOnlyCollection<QueuedMessage> messages)
    {
        lock (_gate)
        {
            Release(consumer, messages.Count);
        }
        return Forget(messages);
    }

    /// <summary>
    /// Puts deliveries back in their original places, flagged redelivered — or, past the queue's
    /// x-delivery-limit, dead-letters them instead so a poison message cannot loop forever.
    /// </summary>
    internal void Requeue(Consumer? consumer, IReadOnlyCollection<QueuedMessage> messages)
    {
        lock (_gate)
        {
            Release(consumer, messages.Count);
            if (IsDeleted) return;
            foreach (var message in messages)
            {
                if (Settings.DeliveryLimit is { } limit && message.DeliveryCount > limit) DeadLetterLocked(message, DeadLetterReasons.DeliveryLimit);
                else _ready.Add(message);
            }
            DispatchLocked();
            SignalReadyLocked();
        }
    }

    /// <summary>
    /// Puts back deliveries that never reached the client (still in a send buffer when their session
    /// closed): they do not count as delivered.
    /// </summary>
    internal void ReturnUnsent(Consumer? consumer, IReadOnlyCollection<QueuedMessage> messages)
    {
        lock (_gate)
        {
            foreach (var message in messages)
            {
                message.DeliveryCount = Math.Max(0, message.DeliveryCount - 1);
                _ = RecordDeliveryCount(message);
            }
        }
        Requeue(consumer, messages);
    }

    /// <summary>Rejects deliveries without requeue: they are dead-lettered, or dropped when the queue has no DLX.</summary>
    internal Task Discard(Consumer? consumer, IReadOnlyCollection<QueuedMessage> messages)
    {
        lock (_gate)
        {
            Release(consumer, messages.Count);
            if (Settings.DeadLetterExchange is null) return Forget(messages);
            foreach (var message in messages) DeadLetterLocked(message, DeadLetterReasons.Rejected);
            return Task.CompletedTask;
        }
    }

    /// <summary>
    /// The session finished writing one delivery to its client. For autoAck the write is the
    /// settlement, so <paramref name="autoAcked"/> leaves the queue now.
    /// </summary>
    internal void OnSendFinished(Consumer consumer, QueuedMessage? autoAcked)
    {
        lock (_gate)
        {
            consumer.Unsent--;
            if (autoAcked is not null) Release(consumer, 1);
            DispatchLocked();
        }
        if (autoAcked is not null) _ = Forget([autoAcked]);
    }

    /// <summary>Drops the ready messages (not the unacknowledged ones); the task completes once that is stored.</summary>
    internal (int Count, Task Stored) Purge()
    {
        // A message whose id is drawn but not yet enqueued is not purged; waiting for it first keeps
        // its row out of the paged range deleted below.
        _waitForPublishesInFlight();
        List<QueuedMessage> purged;
        Task pagedDeleted = Task.CompletedTask;
        int pagedCount;
        lock (_gate)
        {
            purged = _ready.TakeAll();
            pagedCount = _paged.Count;
            if (pagedCount > 0)
            {
                // Submitted under the lock: every paged insert was submitted before it.
                pagedDeleted = _services.Store.WriteAsync(new StoreWrite.DeleteMessageRange(Vhost, Name, _paged.AfterId, _paged.LastId));
            }
            _paged.Drop();
            if (_highestInMemoryId < _paged.AfterId) _highestInMemoryId = _paged.AfterId;
        }
        return (purged.Count + pagedCount, Task.WhenAll(Forget(purged), pagedDeleted));
    }

    /// <summary>Marks the queue deleted and drops its ready messages; returns the consumers to cancel.</summary>
    internal List<Consumer> MarkDeleted()
    {
        lock (_gate)
        {
            IsDeleted = true;
            _ready.TakeAll();
            _paged.Drop(); // the store deletes the queue's rows with the queue
            var consumers = _consumers.ToList();
            foreach (var consumer in consumers) consumer.IsCancelled = true;
            _consumers.Clear();
            SignalReadyLocked();
            return consumers;
        }
    }

    /// <summary>Removes messages stored for this queue (settled, dropped or dead-lettered away).</summary>
    internal Task Forget(IReadOnlyCollection<QueuedMessage> messages)
    {
        List<long>? ids = null;
        foreach (var message in messages)
        {
            if (message.IsStored) (ids ??= []).Add(message.StoreId);
        }
        return ids is null ? Task.CompletedTask : _services.Store.WriteAsync(new StoreWrite.DeleteMessages(ids));
    }

    private void Release(Consumer? consumer, int count)
    {
        _unacknowledged -= count;
        if (consumer is null) return;
        consumer.Unsettled -= count;
        DispatchLocked();
    }

    /// <summary>
    /// Counts a hand-out; returns how many there were before (the x-delivery-count to show).
    /// <paramref name="stored"/> completes once the new count is stored.
    /// </summary>
    private int MarkDelivered(QueuedMessage message, out Task stored)
    {
        var previous = message.DeliveryCount++;
        _unacknowledged++;
        stored = RecordDeliveryCount(message);
        return previous;
    }

    private Task RecordDeliveryCount(QueuedMessage message)
    {
        // Submitted under the queue's lock, so it rides in a group commit ordered before any ack of the
        // same message. Most callers do not wait for it (the count is a hint for consumers: redelivered,
        // x-delivery-count); a lease does, as CONTRACT.md promises a lease open at a crash comes back redelivered.
        return message.IsStored
            ? _services.Store.WriteAsync(new StoreWrite.SetDeliveryCount(message.StoreId, message.DeliveryCount))
            : Task.CompletedTask;
    }

    private void DispatchLocked()
    {
        while (HeadIsDeliverableLocked() && _consumers.Count > 0 && NextConsumerWithCapacity() is { } consumer)
        {
            if (!TryTakeLive(out var message)) return;
            var previous = MarkDelivered(message, out _);
            consumer.Unsettled++;
            consumer.Unsent++;
            if (!consumer.Session.TryPush(consumer, message, previous))
            {
                // The session closed between its consumer's cancellation and now: undo and stop.
                consumer.Unsettled--;
                consumer.Unsent--;
                consumer.IsCancelled = true;
                _unacknowledged--;
                message.DeliveryCount = previous;
                _ready.Add(message);
            }
            else CountDelivery(consumer.Options.AutoAck ? MessageStat.DeliverNoAck : MessageStat.Deliver, previous);
        }
    }

    /// <summary>Counts a hand-out to a consumer or a get, and a redelivery when it was out before.</summary>
    internal void CountDelivery(MessageStat kind, int previousDeliveries)
    {
        Count(kind);
        if (previousDeliveries > 0) Count(MessageStat.Redeliver);
    }

    /// <summary>Counts for this queue and for the broker totals.</summary>
    internal void Count(MessageStat stat, int count = 1)
    {
        Stats.Add(stat, count);
        _services.Totals.Add(stat, count);
    }

    private Consumer? NextConsumerWithCapacity()
    {
        if (Settings.IsSingleActiveConsumer)
        {
            // Only the longest-standing consumer receives; the others wait their turn.
            var active = _consumers[0];
            return active.HasCapacity ? active : null;
        }
        for (var i = 0; i < _consumers.Count; i++)
        {
            var index = (_nextConsumer + i) % _consumers.Count;
            var candidate = _consumers[index];
            if (!candidate.HasCapacity) continue;
            _nextConsumer = (index + 1) % _consumers.Count;
            return candidate;
        }
        return null;
    }

    private void SignalReadyLocked()
    {
        if (_readyWaiter is null || (!HeadIsDeliverableLocked() && !IsDeleted)) return;
        _readyWaiter.TrySetResult();
        _readyWaiter = null;
    }
}

/// <summary>A queue's live counters, read together under its lock.</summary>
public readonly record struct QueueCounters(int MessagesReady, int MessagesUnacknowledged, int Consumers, long MessageBytesReady)
{
    public int Messages => MessagesReady + MessagesUnacknowledged;
}
