using Microsoft.Data.Sqlite;
using MqApi.Broker.Persistence;

namespace MqApi.Storage;

public sealed partial class SqliteBrokerStore
{
    /// <summary>A stored message's columns, as <see cref="ReadStoredMessage"/> reads them.</summary>
    private const string StoredMessageColumns = "id, exchange, routing_key, properties, body, delivery_count, expires_at_unix_ms";

    private const string ReadMessagesSql = $"""
        SELECT {StoredMessageColumns}
        FROM messages
        WHERE vhost = $vhost AND queue = $queue AND id > $after_id AND id <= $through_id
        ORDER BY id LIMIT $limit
        """;

    /// <inheritdoc />
    /// <remarks>
    /// First waits for an empty submission to pass the writer: writes are committed in submission order,
    /// so once it is through, every insert submitted before this call is committed and a read on a
    /// separate connection (WAL: readers do not block the writer) sees it. Costs one trip through the
    /// writer per read, which is why queues read whole pages.
    /// </remarks>
    public async Task<IReadOnlyList<StoredMessage>> ReadMessagesAsync(
        string vhost, string queue, long afterId, long throughId, int limit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(vhost);
        ArgumentNullException.ThrowIfNull(queue);
        ArgumentOutOfRangeException.ThrowIfNegative(limit);
        await Enqueue([]).WaitAsync(cancellationToken).ConfigureAwait(false);

        await using var connection = new SqliteConnection(_connectionString);
        await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = ReadMessagesSql;
        command.Parameters.AddWithValue("$vhost", vhost);
        command.Parameters.AddWithValue("$queue", queue);
        command.Parameters.AddWithValue("$after_id", afterId);
        command.Parameters.AddWithValue("$through_id", throughId);
        command.Parameters.AddWithValue("$limit", limit);
        var messages = new List<StoredMessage>(Math.Min(limit, 1024));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            messages.Add(ReadStoredMessage(reader, vhost, queue));
        }
        return messages;
    }

    /// <summary>The message at the reader's row, selected as <see cref="StoredMessageColumns"/>.</summary>
    private static StoredMessage ReadStoredMessage(SqliteDataReader reader, string vhost, string queue) => new(
        reader.GetInt64(0), vhost, queue, reader.GetString(1), reader.GetString(2), reader.GetString(3),
        reader.GetFieldValue<byte[]>(4), reader.GetInt32(5), reader.IsDBNull(6) ? null : reader.GetInt64(6));
}
