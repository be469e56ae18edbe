using Microsoft.EntityFrameworkCore;
using MqApi.Broker.Persistence;

namespace MqApi.Storage;

public sealed partial class SqliteBrokerStore
{
    /// <inheritdoc />
    /// <remarks>
    /// Runs in one transaction on its own connection, so it sees one consistent state. It first drops
    /// messages whose queue row is gone: with no foreign keys that is how a message orphaned by an
    /// older writer or a hand-edited file is cleaned up, rather than resurrected into a missing queue.
    /// </remarks>
    public async Task<RecoveredState> LoadAsync(CancellationToken cancellationToken)
    {
        await using var db = await _contextFactory.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);

        var dropped = await db.Messages
            .Where(m => !db.Queues.Any(q => q.Vhost == m.Vhost && q.Name == m.Queue))
            .ExecuteDeleteAsync(cancellationToken);
        if (dropped > 0) Log.OrphanedMessagesDropped(_logger, dropped);

        var state = new RecoveredState(
            (await db.Vhosts.AsNoTracking().ToListAsync(cancellationToken)).ConvertAll(v => v.ToRecord()),
            (await db.Exchanges.AsNoTracking().ToListAsync(cancellationToken)).ConvertAll(e => e.ToRecord()),
            (await db.Queues.AsNoTracking().ToListAsync(cancellationToken)).ConvertAll(q => q.ToRecord()),
            (await db.Bindings.AsNoTracking().ToListAsync(cancellationToken)).ConvertAll(b => b.ToRecord()),
            (await db.Users.AsNoTracking().ToListAsync(cancellationToken)).ConvertAll(u => u.ToRecord()),
            (await db.Permissions.AsNoTracking().ToListAsync(cancellationToken)).ConvertAll(p => p.ToRecord()),
            // Ids increase in publish order, so id order is queue order within every queue.
            (await db.Messages.AsNoTracking().OrderBy(m => m.Id).ToListAsync(cancellationToken)).ConvertAll(m => m.ToRecord()));

        await transaction.CommitAsync(cancellationToken);
        Log.StateLoaded(_logger, state.Vhosts.Count, state.Exchanges.Count, state.Queues.Count,
            state.Bindings.Count, state.Users.Count, state.Messages.Count);
        return state;
    }
}
