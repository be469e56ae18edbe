using Microsoft.Extensions.Logging;
using MqApi.Broker.Messages;
using MqApi.Broker.Persistence;

namespace MqApi.Broker.Queues;

public sealed partial class MessageQueue
{
    // Bounded memory under backlog. A durable queue keeps at most a window of ready messages in memory;
    // persistent messages published behind a full window stay only in the store (their insert is already
    // submitted before they reach the queue) and are counted in _paged. When the in-memory part falls to
    // half the window, the next page is read from the store off the lock and appended in id order.
    // Transient messages are never paged; one published behind paged messages waits in memory until the
    // paged ones before it are read back, so delivery stays in publish order.

    /// <summary>How many ready messages of this queue are in memory right now (a diagnostic for tests and figures).</summary>
    public int MessagesInMemory
    {
        get
        {
            lock (_gate) return _ready.Count;
        }
    }

    /// <summary>
    /// <see cref="Take"/>, except that when memory holds nothing deliverable while paged messages wait, it
    /// waits (up to <paramref name="maxWait"/>) for their page: a get must not answer "empty" for a queue
    /// that has ready messages.
    /// </summary>
    internal async Task<(List<(QueuedMessage Message, int PreviousDeliveries)> Taken, Task MarksStored)> TakeAsync(int count, TimeSpan maxWait)
    {
        using var deadline = new CancellationTokenSource(maxWait);
        while (true)
        {
            var taken = Take(count);
            if (taken.Taken.Count > 0 || deadline.IsCancellationRequested || !HasPagedMessages) return taken;
            try
            {
                await WaitForReadyAsync(deadline.Token);
            }
            catch (OperationCanceledException)
            {
                // Waited long enough (the store is failing): one last look, then answer with what there is.
            }
        }
    }

    private bool HasPagedMessages
    {
        get
        {
            lock (_gate) return !_paged.IsEmpty;
        }
    }

    /// <summary>Whether a newly enqueued message goes to the paged tail instead of memory.</summary>
    private bool ShouldPageLocked(QueuedMessage message)
    {
        if (_window == 0 || !message.IsStored) return false;
        if (!_paged.IsEmpty) return _paged.Follows(message.StoreId);
        // Start paging only with a message newer than everything in memory, so the paged id range
        // holds no message that is also in memory (publishers racing each other can arrive out of id order).
        return (_ready.Count >= _window || _ready.Bytes >= _services.QueueMemoryWindowBytes) && message.StoreId > _highestInMemoryId;
    }

    private void AddReadyLocked(QueuedMessage message)
    {
        _ready.Add(message);
        if (message.StoreId > _highestInMemoryId) _highestInMemoryId = message.StoreId;
    }

    /// <summary>True when the in-memory head may be handed out now: no paged message comes before it.</summary>
    private bool HeadIsDeliverableLocked() =>
        _ready.TryPeek(out var head) && (_paged.IsEmpty || head.Sequence <= _paged.AfterId);

    /// <summary>Takes the in-memory head if it is the queue's head; starts a page read when memory runs low.</summary>
    private bool TryTakeHeadLocked(out QueuedMessage message)
    {
        if (!HeadIsDeliverableLocked())
        {
            message = null!;
            StartPageLoadLocked();
            return false;
        }
        _ready.TryTake(out message);
        StartPageLoadLocked();
        return true;
    }

    private void StartPageLoadLocked()
    {
        if (_paged.IsEmpty || _paged.IsLoading || IsDeleted) return;
        var low = _ready.Count < _window / 2 && _ready.Bytes < _services.QueueMemoryWindowBytes / 2;
        if (!low && HeadIsDeliverableLocked()) return;
        _paged.IsLoading = true;
        var generation = _paged.Generation;
        // Off the lock and off the caller's thread (the caller may hold its vhost's lock, which the read waits on).
        _ = Task.Run(() => LoadPageAsync(generation));
    }

    private async Task LoadPageAsync(int generation)
    {
        try
        {
            // Every id handed out so far has now reached its queue, so no message in the range read below
            // can still turn up in Enqueue and be read back a second time.
            _waitForPublishesInFlight();
            PageRequest request;
            lock (_gate)
            {
                if (generation != _paged.Generation) return;
                request = new PageRequest(_paged.AfterId, _paged.LastId, _paged.Count, _paged.Bytes, PageSizeLocked());
            }
            var rows = await _services.Store.ReadMessagesAsync(Vhost, Name, request.AfterId, request.ThroughId, request.Limit, CancellationToken.None);
            var messages = rows.Select(ToQueuedMessage).ToList();
            lock (_gate) AcceptPageLocked(generation, request, messages);
        }
        catch (Exception exception)
        {
            // Broad on purpose: whatever failed, the queue must be able to try again on its next take.
            Log.PageReadFailed(_services.Log, Vhost, Name, exception);
            lock (_gate)
            {
                if (generation == _paged.Generation) _paged.IsLoading = false;
            }
        }
    }

    /// <summary>How many messages to read: enough to refill the window, by count and (at the paged messages' average size) by bytes.</summary>
    private int PageSizeLocked()
    {
        var byCount = _window - _ready.Count;
        var averageBytes = Math.Max(1, _paged.Bytes / Math.Max(1, _paged.Count));
        var byBytes = (_services.QueueMemoryWindowBytes - _ready.Bytes) / averageBytes;
        return (int)Math.Clamp(Math.Min(byCount, byBytes), 1, _paged.Count);
    }

    private void AcceptPageLocked(int generation, PageRequest request, List<QueuedMessage> messages)
    {
        if (generation != _paged.Generation) return; // purged or deleted meanwhile: those rows are gone
        long bytes = 0;
        foreach (var message in messages)
        {
            AddReadyLocked(message);
            bytes += message.BodySize;
        }
        if (messages.Count == request.Limit)
        {
            _paged.Loaded(messages.Count, bytes, messages[^1].StoreId);
        }
        else
        {
            // The range is read to its end: whatever was counted but not found had its insert fail.
            var missing = request.Count - messages.Count;
            if (missing > 0) Log.PagedMessagesMissing(_services.Log, Vhost, Name, missing);
            _paged.Loaded(request.Count, request.Bytes, request.ThroughId);
        }
        if (_highestInMemoryId < _paged.AfterId) _highestInMemoryId = _paged.AfterId;
        DispatchLocked();
        SignalReadyLocked();
        StartPageLoadLocked();
    }

    /// <summary>Start-up: the stored messages behind the first page, which stay in the store for now.</summary>
    internal void RestorePaged(int count, long bytes, long afterId, long lastId)
    {
        lock (_gate)
        {
            if (count <= 0) return;
            _paged.Restore(count, bytes, afterId, lastId);
            if (_highestInMemoryId < afterId) _highestInMemoryId = afterId;
        }
    }

    /// <summary>Start-up: a paged message's id still counts for the deduplication window.</summary>
    internal void RememberRestoredMessageId(string? messageId)
    {
        lock (_gate) _deduplication?.TryRemember(messageId, _services.NowUnixMs);
    }

    /// <summary>True when this queue keeps only a window of its messages in memory.</summary>
    internal bool IsPaging => _window > 0;

    internal static QueuedMessage ToQueuedMessage(StoredMessage stored)
    {
        var message = new Message(stored.Exchange, stored.RoutingKey, MessagePropertiesJson.Deserialize(stored.PropertiesJson), stored.Body);
        return new QueuedMessage(message, stored.Id, stored.Id, stored.DeliveryCount, stored.ExpiresAtUnixMs);
    }

    /// <summary>What a page read asked for, and the tail as it stood then.</summary>
    private readonly record struct PageRequest(long AfterId, long ThroughId, int Count, long Bytes, int Limit);

    private static partial class Log
    {
        [LoggerMessage(101, LogLevel.Error, "Reading the next page of queue {Queue} in vhost {Vhost} from the store failed; it is tried again on the next take.", EventName = "PageReadFailed")]
        public static partial void PageReadFailed(ILogger logger, string vhost, string queue, Exception exception);

        [LoggerMessage(102, LogLevel.Warning, "{Missing} paged messages of queue {Queue} in vhost {Vhost} were not found in the store (their insert failed); they are dropped from the count.", EventName = "PagedMessagesMissing")]
        public static partial void PagedMessagesMissing(ILogger logger, string vhost, string queue, int missing);
    }
}
