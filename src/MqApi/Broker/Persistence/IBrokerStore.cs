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

    /// <summary>Reads everything that survived the last run. Called once, before the broker serves.</summary>
    Task<RecoveredState> LoadAsync(CancellationToken cancellationToken);
}

/// <summary>What the store held at start-up. Messages come ordered by id within each queue.</summary>
public sealed record RecoveredState(
    IReadOnlyList<VhostRecord> Vhosts,
    IReadOnlyList<ExchangeRecord> Exchanges,
    IReadOnlyList<QueueRecord> Queues,
    IReadOnlyList<BindingRecord> Bindings,
    IReadOnlyList<UserRecord> Users,
    IReadOnlyList<PermissionRecord> Permissions,
    IReadOnlyList<StoredMessage> Messages)
{
    public static readonly RecoveredState Empty = new([], [], [], [], [], [], []);
}
