using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using MqApi.Broker.Persistence;

namespace MqApi.Storage;

public sealed partial class SqliteBrokerStore
{
    /// <inheritdoc />
    /// <remarks>
    /// Runs in one transaction on its own connection, so it sees one consistent state. It first drops
    /// messages whose queue row is gone: with no foreign keys that is how a message orphaned by an
    /// older writer or a hand-edited file is cleaned up, rather than resurrected into a missing queue.
    /// Summing the backlogs reads every message row once (for its body length); the bodies of all but
    /// the first messages of each queue are not kept, so memory stays bounded however many are stored.
    /// </remarks>
    public async Task<RecoveredState> LoadAsync(int messagesPerQueue, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(messagesPerQueue);
        await using var db = await _contextFactory.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);

        var dropped = await db.Messages
            .Where(m => !db.Queues.Any(q => q.Vhost == m.Vhost && q.Name == m.Queue))
            .ExecuteDeleteAsync(cancellationToken);
        if (dropped > 0) Log.OrphanedMessagesDropped(_logger, dropped);

        var queues = (await db.Queues.AsNoTracking().ToListAsync(cancellationToken)).ConvertAll(q => q.ToRecord());
        var backlogs = await LoadBacklogsAsync(db, cancellationToken);
        var messages = new List<StoredMessage>();
        foreach (var backlog in backlogs)
        {
            // Ids increase in publish order, so id order is queue order within every queue.
            var first = await db.Messages.AsNoTracking()
                .Where(m => m.Vhost == backlog.Vhost && m.Queue == backlog.Queue)
                .OrderBy(m => m.Id).Take(messagesPerQueue).ToListAsync(cancellationToken);
            messages.AddRange(first.ConvertAll(m => m.ToRecord()));
        }
        messages.Sort((a, b) => a.Id.CompareTo(b.Id));

        var state = new RecoveredState(
            (await db.Vhosts.AsNoTracking().ToListAsync(cancellationToken)).ConvertAll(v => v.ToRecord()),
            (await db.Exchanges.AsNoTracking().ToListAsync(cancellationToken)).ConvertAll(e => e.ToRecord()),
            queues,
            (await db.Bindings.AsNoTracking().ToListAsync(cancellationToken)).ConvertAll(b => b.ToRecord()),
            (await db.Users.AsNoTracking().ToListAsync(cancellationToken)).ConvertAll(u => u.ToRecord()),
            (await db.Permissions.AsNoTracking().ToListAsync(cancellationToken)).ConvertAll(p => p.ToRecord()),
            messages,
            backlogs);

        await transaction.CommitAsync(cancellationToken);
        Log.StateLoaded(_logger, state.Vhosts.Count, state.Exchanges.Count, state.Queues.Count,
            state.Bindings.Count, state.Users.Count, backlogs.Sum(b => (long)b.Count), state.Messages.Count);
        return state;
    }

    private static async Task<List<QueueBacklog>> LoadBacklogsAsync(MqDbContext db, CancellationToken cancellationToken)
    {
        await using var command = db.Database.GetDbConnection().CreateCommand();
        command.Transaction = db.Database.CurrentTransaction?.GetDbTransaction();
        command.CommandText = """
            SELECT vhost, queue, COUNT(*), COALESCE(SUM(length(body)), 0), MAX(id)
            FROM messages GROUP BY vhost, queue
            """;
        var backlogs = new List<QueueBacklog>();
        await using DbDataReader reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            backlogs.Add(new QueueBacklog(reader.GetString(0), reader.GetString(1), reader.GetInt32(2), reader.GetInt64(3), reader.GetInt64(4)));
        }
        return backlogs;
    }
}
