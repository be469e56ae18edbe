namespace MqApi.Broker.Queues;

/// <summary>
/// The back of a durable queue that lives only in the store: how many messages, their body bytes and
/// the id range they occupy. Every paged message was published after every stored message still in
/// memory, so the range (<see cref="AfterId"/>, <see cref="LastId"/>] holds exactly them (plus rows whose
/// insert failed, which a read simply does not find). Not thread-safe: guarded by the queue's lock.
/// </summary>
internal sealed class PagedTail
{
    public int Count { get; private set; }
    public long Bytes { get; private set; }
    /// <summary>Every paged message has a store id above this.</summary>
    public long AfterId { get; private set; }
    /// <summary>The highest paged id.</summary>
    public long LastId { get; private set; }
    /// <summary>A page read is under way; at most one at a time.</summary>
    public bool IsLoading { get; set; }
    /// <summary>Bumped when the tail is dropped (purge, delete), so a page read begun before is ignored.</summary>
    public int Generation { get; private set; }

    public bool IsEmpty => Count == 0;

    /// <summary>True when a message with this store id belongs behind the paged ones (it is newer than all of them).</summary>
    public bool Follows(long storeId) => storeId > AfterId;

    public void Add(QueuedMessage message)
    {
        if (Count == 0) AfterId = message.StoreId - 1;
        Count++;
        Bytes += message.BodySize;
        LastId = Math.Max(LastId, message.StoreId);
    }

    /// <summary>Start-up: the stored messages behind the first page.</summary>
    public void Restore(int count, long bytes, long afterId, long lastId)
    {
        (Count, Bytes, AfterId, LastId) = (count, bytes, afterId, lastId);
    }

    /// <summary>A page of <paramref name="count"/> messages through id <paramref name="throughId"/> is now in memory.</summary>
    public void Loaded(int count, long bytes, long throughId)
    {
        Count = Math.Max(0, Count - count);
        Bytes = Count == 0 ? 0 : Math.Max(0, Bytes - bytes);
        AfterId = throughId;
        IsLoading = false;
    }

    /// <summary>Forgets the tail (its rows are deleted by the caller); a read under way is ignored when it returns.</summary>
    public void Drop()
    {
        Count = 0;
        Bytes = 0;
        AfterId = LastId;
        IsLoading = false;
        Generation++;
    }
}
