namespace MqApi.Broker.Persistence;

/// <summary>
/// The broker's port to durable storage. Implementations apply writes strictly in submission order
/// and group concurrent writes into one transaction; the returned task completes once the write is
/// committed (so a publish confirm can wait on it) and faults if the commit failed.
/// </summary>
public interface IBrokerStore
{
    /// <summary>Queues a write; the task completes when it is committed.</summary>
    Task WriteAsync(StoreWrite write);

    /// <summary>Queues several writes to be committed together, in order.</summary>
    Task WriteAsync(IReadOnlyList<StoreWrite> writes);

    /// <summary>
    /// Reads everything that survived the last run, but at most the first <paramref name="messagesPerQueue"/>
    /// messages of each queue (the rest is summed up in <see cref="RecoveredState.Backlogs"/> and read later
    /// with <see cref="ReadMessagesAsync"/>). Called once, before the broker serves.
    /// </summary>
    Task<RecoveredState> LoadAsync(int messagesPerQueue, CancellationToken cancellationToken);

    /// <summary>
    /// Reads up to <paramref name="limit"/> stored messages of one queue with ids in
    /// (<paramref name="afterId"/>, <paramref name="throughId"/>], in id order. Sees every write
    /// submitted before the call (it does not overtake an insert still waiting for its commit).
    /// </summary>
    Task<IReadOnlyList<StoredMessage>> ReadMessagesAsync(
        string vhost, string queue, long afterId, long throughId, int limit, CancellationToken cancellationToken);
}

/// <summary>
/// What the store held at start-up. <see cref="Messages"/> holds the first messages of each queue,
/// ordered by id; <see cref="Backlogs"/> counts every stored message of each queue.
/// </summary>
public sealed record RecoveredState(
    IReadOnlyList<VhostRecord> Vhosts,
    IReadOnlyList<ExchangeRecord> Exchanges,
    IReadOnlyList<QueueRecord> Queues,
    IReadOnlyList<BindingRecord> Bindings,
    IReadOnlyList<UserRecord> Users,
    IReadOnlyList<PermissionRecord> Permissions,
    IReadOnlyList<StoredMessage> Messages,
    IReadOnlyList<QueueBacklog> Backlogs)
{
    public static readonly RecoveredState Empty = new([], [], [], [], [], [], [], []);

    /// <summary>The highest message id stored, 0 when there is none: new ids start above it.</summary>
    public long LastMessageId => Backlogs.Count == 0 ? 0 : Backlogs.Max(b => b.LastId);
}

/// <summary>How many messages one queue has stored, their body bytes and the highest id among them.</summary>
public sealed record QueueBacklog(string Vhost, string Queue, int Count, long Bytes, long LastId);
