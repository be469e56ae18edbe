using Microsoft.Data.Sqlite;
using MqApi.Broker.Messages;
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
    /// Plain SQL rather than EF Core LINQ: compiling the LINQ queries was a seventh of the start-up CPU.
    /// </remarks>
    public async Task<RecoveredState> LoadAsync(int messagesPerQueue, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(messagesPerQueue);
        await using var connection = new SqliteConnection(_connectionString);
        await connection.OpenAsync(cancellationToken);
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken);

        int dropped;
        await using (var delete = Command(connection, transaction, """
            DELETE FROM messages
            WHERE NOT EXISTS (SELECT 1 FROM queues q WHERE q.vhost = messages.vhost AND q.name = messages.queue)
            """))
        {
            dropped = await delete.ExecuteNonQueryAsync(cancellationToken);
        }
        if (dropped > 0) Log.OrphanedMessagesDropped(_logger, dropped);

        var queues = await ReadAllAsync(connection, transaction, "SELECT vhost, name, auto_delete, arguments FROM queues",
            r => new QueueRecord(r.GetString(0), r.GetString(1), r.GetBoolean(2), FieldTable.Parse(r.GetString(3))), cancellationToken);
        var backlogs = await ReadAllAsync(connection, transaction, """
            SELECT vhost, queue, COUNT(*), COALESCE(SUM(length(body)), 0), MAX(id)
            FROM messages GROUP BY vhost, queue
            """,
            r => new QueueBacklog(r.GetString(0), r.GetString(1), r.GetInt32(2), r.GetInt64(3), r.GetInt64(4)), cancellationToken);

        var messages = new List<StoredMessage>();
        await using (var first = Command(connection, transaction, $"""
            SELECT {StoredMessageColumns}
            FROM messages WHERE vhost = $vhost AND queue = $queue
            ORDER BY id LIMIT $limit
            """))
        {
            var vhost = first.Parameters.Add("$vhost", SqliteType.Text);
            var queue = first.Parameters.Add("$queue", SqliteType.Text);
            first.Parameters.AddWithValue("$limit", messagesPerQueue);
            foreach (var backlog in backlogs)
            {
                // Ids increase in publish order, so id order is queue order within every queue.
                vhost.Value = backlog.Vhost;
                queue.Value = backlog.Queue;
                await using var reader = await first.ExecuteReaderAsync(cancellationToken);
                while (await reader.ReadAsync(cancellationToken))
                {
                    messages.Add(ReadStoredMessage(reader, backlog.Vhost, backlog.Queue));
                }
            }
        }
        messages.Sort((a, b) => a.Id.CompareTo(b.Id));

        var state = new RecoveredState(
            await ReadAllAsync(connection, transaction, "SELECT name, description, tags, default_queue_type FROM vhosts",
                r => new VhostRecord(r.GetString(0), r.GetString(1), TagList.Parse(r.GetString(2)), r.GetString(3)), cancellationToken),
            await ReadAllAsync(connection, transaction, "SELECT vhost, name, type, auto_delete, internal, arguments FROM exchanges",
                r => new ExchangeRecord(r.GetString(0), r.GetString(1), r.GetString(2), r.GetBoolean(3), r.GetBoolean(4), FieldTable.Parse(r.GetString(5))), cancellationToken),
            queues,
            await ReadAllAsync(connection, transaction, "SELECT vhost, source, destination, destination_is_queue, routing_key, arguments FROM bindings",
                r => new BindingRecord(r.GetString(0), r.GetString(1), r.GetString(2), r.GetBoolean(3), r.GetString(4), FieldTable.Parse(r.GetString(5))), cancellationToken),
            await ReadAllAsync(connection, transaction, "SELECT name, password_hash, hashing_algorithm, tags FROM users",
                r => new UserRecord(r.GetString(0), r.GetString(1), r.GetString(2), TagList.Parse(r.GetString(3))), cancellationToken),
            await ReadAllAsync(connection, transaction, "SELECT user, vhost, configure, write, read FROM permissions",
                r => new PermissionRecord(r.GetString(0), r.GetString(1), r.GetString(2), r.GetString(3), r.GetString(4)), cancellationToken),
            messages,
            backlogs);

        await transaction.CommitAsync(cancellationToken);
        Log.StateLoaded(_logger, state.Vhosts.Count, state.Exchanges.Count, state.Queues.Count,
            state.Bindings.Count, state.Users.Count, backlogs.Sum(b => (long)b.Count), state.Messages.Count);
        return state;
    }

    private static SqliteCommand Command(SqliteConnection connection, SqliteTransaction transaction, string sql)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        return command;
    }

    private static async Task<List<T>> ReadAllAsync<T>(
        SqliteConnection connection, SqliteTransaction transaction, string sql, Func<SqliteDataReader, T> read, CancellationToken cancellationToken)
    {
        await using var command = Command(connection, transaction, sql);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var rows = new List<T>();
        while (await reader.ReadAsync(cancellationToken)) rows.Add(read(reader));
        return rows;
    }
}
