using System.Diagnostics;
using System.Threading.Channels;
using Microsoft.EntityFrameworkCore;
using MqApi.Broker.Persistence;

namespace MqApi.Storage;

/// <summary>
/// The broker's durable state in one SQLite file. Submitters queue writes on a channel; one writer
/// task drains whatever has queued up, applies it in submission order in ONE transaction on its own
/// long-lived connection, and then completes every submitter's task. Concurrent publishers so share
/// one fsync (group commit), which is what makes durable confirms affordable.
/// </summary>
/// <remarks>
/// A failed commit faults every task of that batch and nothing else: later batches are served on a
/// fresh connection. The store does not retry, and it does not roll back the broker's memory; the
/// submitter decides what a failed write means (for a publish: no confirm).
/// Start-up reads (<see cref="LoadAsync"/>) are plain SQL on their own connection; page reads
/// (<see cref="ReadMessagesAsync"/>) pass the writer first and then read on a pooled connection of their own.
/// </remarks>
public sealed partial class SqliteBrokerStore : IBrokerStore, IAsyncDisposable
{
    /// <summary>
    /// How many writes one transaction takes at most. Bounds how long a commit holds the writer
    /// and how much a failure faults; a full channel just drains over several commits.
    /// </summary>
    internal const int MaxWritesPerBatch = 10_000;

    private readonly string _connectionString;
    private readonly ILogger<SqliteBrokerStore> _logger;
    private readonly StoreMetrics? _metrics;
    // Unbounded: back-pressure belongs to the broker (queue limits, prefetch), not to the store.
    private readonly Channel<PendingWrites> _pending = Channel.CreateUnbounded<PendingWrites>(
        new UnboundedChannelOptions { SingleReader = true, SingleWriter = false, AllowSynchronousContinuations = false });
    private readonly Task _writer;

    public SqliteBrokerStore(string connectionString, ILogger<SqliteBrokerStore> logger, StoreMetrics? metrics = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(connectionString);
        ArgumentNullException.ThrowIfNull(logger);
        _connectionString = connectionString;
        _logger = logger;
        _metrics = metrics;
        _writer = Task.Run(WriteBatchesAsync);
    }

    /// <inheritdoc />
    public Task WriteAsync(StoreWrite write)
    {
        ArgumentNullException.ThrowIfNull(write);
        return Enqueue([write]);
    }

    /// <inheritdoc />
    /// <remarks>The writer reads the list later, on its own task: do not change it after submitting.</remarks>
    public Task WriteAsync(IReadOnlyList<StoreWrite> writes)
    {
        ArgumentNullException.ThrowIfNull(writes);
        return Enqueue(writes);
    }

    private Task Enqueue(IReadOnlyList<StoreWrite> writes)
    {
        // Continuations run on the pool, never inline on the writer, so a slow submitter cannot stall commits.
        var committed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        return _pending.Writer.TryWrite(new PendingWrites(writes, committed))
            ? committed.Task
            : Task.FromException(new ObjectDisposedException(nameof(SqliteBrokerStore), "The store is shut down; the write was not queued."));
    }

    /// <summary>Completes the channel and waits until every write queued before it has been committed (or failed).</summary>
    public async ValueTask DisposeAsync()
    {
        _pending.Writer.TryComplete();
        await _writer.ConfigureAwait(false);
    }

    private async Task WriteBatchesAsync()
    {
        var batch = new List<PendingWrites>();
        SqliteWriteConnection? connection = null;
        try
        {
            while (await _pending.Reader.WaitToReadAsync().ConfigureAwait(false))
            {
                var writeCount = 0;
                while (writeCount < MaxWritesPerBatch && _pending.Reader.TryRead(out var pending))
                {
                    batch.Add(pending);
                    writeCount += pending.Writes.Count;
                }
                connection = CommitBatch(connection, batch, writeCount);
                batch.Clear();
            }
        }
        finally
        {
            connection?.Dispose();
        }
    }

    /// <summary>Commits the batch and settles its tasks. Returns the connection to use for the next batch.</summary>
    /// <remarks>
    /// Synchronous on purpose: Microsoft.Data.Sqlite's async methods complete synchronously anyway, and
    /// only this one task ever waits on the disk.
    /// </remarks>
    private SqliteWriteConnection? CommitBatch(SqliteWriteConnection? connection, List<PendingWrites> batch, int writeCount)
    {
        try
        {
            connection ??= SqliteWriteConnection.Open(_connectionString);
            var started = Stopwatch.GetTimestamp();
            connection.Commit(batch);
            // A batch of only page-read markers writes nothing and syncs nothing: not a commit to time.
            if (writeCount > 0) _metrics?.RecordCommit(Stopwatch.GetElapsedTime(started));
        }
        catch (Exception exception)
        {
            // Catch-all by design: whatever broke this commit belongs to its submitters, and the
            // writer must keep serving. Reopen for the next batch in case the connection is broken.
            Log.BatchCommitFailed(_logger, batch.Count, writeCount, exception);
            connection?.Dispose();
            foreach (var pending in batch) pending.Committed.TrySetException(exception);
            return null;
        }
        foreach (var pending in batch) pending.Committed.TrySetResult();
        return connection;
    }
}
