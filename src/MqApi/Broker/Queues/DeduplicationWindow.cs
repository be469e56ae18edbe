namespace MqApi.Broker.Queues;

/// <summary>
/// The message ids a queue has taken within its x-deduplication-window, so a publisher that retries
/// after a lost answer does not store a second copy. Not thread-safe: guarded by the queue's lock.
/// Memory is bounded by the publish rate times the window: ids are pruned as they age out.
/// </summary>
internal sealed class DeduplicationWindow(long windowMs)
{
    private readonly Dictionary<string, long> _expiresAt = new(StringComparer.Ordinal);
    private readonly Queue<(long ExpiresAt, string Id)> _byAge = new();

    /// <summary>Records the id; false when it was already seen within the window. Messages without an id always pass.</summary>
    public bool TryRemember(string? messageId, long nowUnixMs)
    {
        if (messageId is null) return true;
        Prune(nowUnixMs);
        if (_expiresAt.TryGetValue(messageId, out var expiresAt) && expiresAt > nowUnixMs) return false;
        _expiresAt[messageId] = nowUnixMs + windowMs;
        _byAge.Enqueue((nowUnixMs + windowMs, messageId));
        return true;
    }

    /// <summary>Forgets an id whose message was not taken after all (rejected by a limit).</summary>
    public void Forget(string? messageId)
    {
        if (messageId is not null) _expiresAt.Remove(messageId);
    }

    private void Prune(long nowUnixMs)
    {
        while (_byAge.TryPeek(out var oldest) && oldest.ExpiresAt <= nowUnixMs)
        {
            _byAge.Dequeue();
            if (_expiresAt.TryGetValue(oldest.Id, out var current) && current == oldest.ExpiresAt) _expiresAt.Remove(oldest.Id);
        }
    }
}
