using System.Runtime.InteropServices;
using Microsoft.Data.Sqlite;
using MqApi.Broker.Messages;
using MqApi.Broker.Persistence;

namespace MqApi.Storage;

/// <summary>
/// The writer task's one long-lived connection and its prepared statements. Applies a batch of
/// <see cref="StoreWrite"/>s in order, in one transaction. Not thread-safe: only the writer uses it.
/// </summary>
/// <remarks>
/// Dependants are deleted here, not by foreign keys (see <see cref="MqDbContext"/>): each delete
/// statement lists what goes with the row, children first.
/// </remarks>
internal sealed class SqliteWriteConnection : IDisposable
{
    // WAL lets start-up reads run beside the writer. synchronous=FULL syncs the WAL on every commit,
    // so a completed write (and so a publish confirm) survives power loss, not just a crash.
    private const string Pragmas = """
        PRAGMA journal_mode = WAL;
        PRAGMA synchronous = FULL;
        PRAGMA busy_timeout = 5000;
        """;

    private readonly SqliteConnection _connection;
    private readonly PreparedCommand _saveVhost, _deleteVhost;
    private readonly PreparedCommand _saveExchange, _deleteExchange;
    private readonly PreparedCommand _saveQueue, _deleteQueue, _purgeQueue;
    private readonly PreparedCommand _saveBinding, _deleteBinding;
    private readonly PreparedCommand _saveUser, _deleteUser;
    private readonly PreparedCommand _savePermission, _deletePermission;
    private readonly PreparedCommand _insertMessage, _deleteMessage, _setDeliveryCount, _deleteMessageRange;

    private SqliteWriteConnection(SqliteConnection connection)
    {
        _connection = connection;
        _saveVhost = Prepare("""
            INSERT INTO vhosts (name, description, tags, default_queue_type) VALUES ($name, $description, $tags, $default_queue_type)
            ON CONFLICT (name) DO UPDATE SET description = excluded.description, tags = excluded.tags, default_queue_type = excluded.default_queue_type
            """);
        _deleteVhost = Prepare("""
            DELETE FROM messages WHERE vhost = $vhost;
            DELETE FROM bindings WHERE vhost = $vhost;
            DELETE FROM queues WHERE vhost = $vhost;
            DELETE FROM exchanges WHERE vhost = $vhost;
            DELETE FROM permissions WHERE vhost = $vhost;
            DELETE FROM vhosts WHERE name = $vhost;
            """);
        _saveExchange = Prepare("""
            INSERT INTO exchanges (vhost, name, type, auto_delete, internal, arguments) VALUES ($vhost, $name, $type, $auto_delete, $internal, $arguments)
            ON CONFLICT (vhost, name) DO UPDATE SET type = excluded.type, auto_delete = excluded.auto_delete, internal = excluded.internal, arguments = excluded.arguments
            """);
        _deleteExchange = Prepare("""
            DELETE FROM bindings WHERE vhost = $vhost AND (source = $name OR (destination = $name AND destination_is_queue = 0));
            DELETE FROM exchanges WHERE vhost = $vhost AND name = $name;
            """);
        _saveQueue = Prepare("""
            INSERT INTO queues (vhost, name, auto_delete, arguments) VALUES ($vhost, $name, $auto_delete, $arguments)
            ON CONFLICT (vhost, name) DO UPDATE SET auto_delete = excluded.auto_delete, arguments = excluded.arguments
            """);
        _deleteQueue = Prepare("""
            DELETE FROM messages WHERE vhost = $vhost AND queue = $name;
            DELETE FROM bindings WHERE vhost = $vhost AND destination = $name AND destination_is_queue = 1;
            DELETE FROM queues WHERE vhost = $vhost AND name = $name;
            """);
        _purgeQueue = Prepare("DELETE FROM messages WHERE vhost = $vhost AND queue = $name");
        _saveBinding = Prepare("""
            INSERT INTO bindings (vhost, source, destination, destination_is_queue, routing_key, arguments)
            VALUES ($vhost, $source, $destination, $destination_is_queue, $routing_key, $arguments)
            ON CONFLICT DO NOTHING
            """);
        _deleteBinding = Prepare("""
            DELETE FROM bindings WHERE vhost = $vhost AND source = $source AND destination = $destination
                AND destination_is_queue = $destination_is_queue AND routing_key = $routing_key AND arguments = $arguments
            """);
        _saveUser = Prepare("""
            INSERT INTO users (name, password_hash, hashing_algorithm, tags) VALUES ($name, $password_hash, $hashing_algorithm, $tags)
            ON CONFLICT (name) DO UPDATE SET password_hash = excluded.password_hash, hashing_algorithm = excluded.hashing_algorithm, tags = excluded.tags
            """);
        _deleteUser = Prepare("""
            DELETE FROM permissions WHERE user = $name;
            DELETE FROM users WHERE name = $name;
            """);
        _savePermission = Prepare("""
            INSERT INTO permissions (user, vhost, configure, write, read) VALUES ($user, $vhost, $configure, $write, $read)
            ON CONFLICT (user, vhost) DO UPDATE SET configure = excluded.configure, write = excluded.write, read = excluded.read
            """);
        _deletePermission = Prepare("DELETE FROM permissions WHERE user = $user AND vhost = $vhost");
        _insertMessage = Prepare("""
            INSERT INTO messages (id, vhost, queue, exchange, routing_key, properties, body, delivery_count, expires_at_unix_ms)
            VALUES ($id, $vhost, $queue, $exchange, $routing_key, $properties, $body, $delivery_count, $expires_at_unix_ms)
            """);
        _deleteMessage = Prepare("DELETE FROM messages WHERE id = $id");
        _setDeliveryCount = Prepare("UPDATE messages SET delivery_count = $delivery_count WHERE id = $id");
        _deleteMessageRange = Prepare("DELETE FROM messages WHERE vhost = $vhost AND queue = $queue AND id > $after_id AND id <= $through_id");
    }

    /// <summary>Opens the connection, sets its pragmas and prepares every statement against the schema.</summary>
    public static SqliteWriteConnection Open(string connectionString)
    {
        var connection = new SqliteConnection(connectionString);
        try
        {
            connection.Open();
            using (var pragmas = connection.CreateCommand())
            {
                pragmas.CommandText = Pragmas;
                pragmas.ExecuteNonQuery();
            }
            return new SqliteWriteConnection(connection);
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    /// <summary>Applies every write of every item, in order, and commits them as one transaction.</summary>
    public void Commit(IReadOnlyList<PendingWrites> batch)
    {
        using var transaction = _connection.BeginTransaction();
        foreach (var pending in batch)
        {
            foreach (var write in pending.Writes) Apply(transaction, write);
        }
        transaction.Commit();
    }

    private void Apply(SqliteTransaction tx, StoreWrite write)
    {
        switch (write)
        {
            case StoreWrite.InsertMessages insert:
                foreach (var m in insert.Messages)
                {
                    _insertMessage.Execute(tx, m.Id, m.Vhost, m.Queue, m.Exchange, m.RoutingKey, m.PropertiesJson,
                        AsBlob(m.Body), m.DeliveryCount, m.ExpiresAtUnixMs);
                }
                break;
            case StoreWrite.DeleteMessages delete:
                foreach (var id in delete.Ids) _deleteMessage.Execute(tx, id);
                break;
            case StoreWrite.SetDeliveryCount set:
                _setDeliveryCount.Execute(tx, set.DeliveryCount, set.Id);
                break;
            case StoreWrite.SaveVhost(var v):
                _saveVhost.Execute(tx, v.Name, v.Description, TagList.ToJson(v.Tags), v.DefaultQueueType);
                break;
            case StoreWrite.DeleteVhost delete:
                _deleteVhost.Execute(tx, delete.Name);
                break;
            case StoreWrite.SaveExchange(var e):
                _saveExchange.Execute(tx, e.Vhost, e.Name, e.Type, e.AutoDelete, e.Internal, FieldTable.ToCanonicalJson(e.Arguments));
                break;
            case StoreWrite.DeleteExchange delete:
                _deleteExchange.Execute(tx, delete.Vhost, delete.Name);
                break;
            case StoreWrite.SaveQueue(var q):
                _saveQueue.Execute(tx, q.Vhost, q.Name, q.AutoDelete, FieldTable.ToCanonicalJson(q.Arguments));
                break;
            case StoreWrite.DeleteQueue delete:
                _deleteQueue.Execute(tx, delete.Vhost, delete.Name);
                break;
            case StoreWrite.PurgeQueue purge:
                _purgeQueue.Execute(tx, purge.Vhost, purge.Name);
                break;
            case StoreWrite.DeleteMessageRange range:
                _deleteMessageRange.Execute(tx, range.Vhost, range.Queue, range.AfterId, range.ThroughId);
                break;
            case StoreWrite.SaveBinding(var b):
                _saveBinding.Execute(tx, b.Vhost, b.Source, b.Destination, b.DestinationIsQueue, b.RoutingKey, FieldTable.ToCanonicalJson(b.Arguments));
                break;
            case StoreWrite.DeleteBinding(var b):
                _deleteBinding.Execute(tx, b.Vhost, b.Source, b.Destination, b.DestinationIsQueue, b.RoutingKey, FieldTable.ToCanonicalJson(b.Arguments));
                break;
            case StoreWrite.SaveUser(var u):
                _saveUser.Execute(tx, u.Name, u.PasswordHash, u.HashingAlgorithm, TagList.ToJson(u.Tags));
                break;
            case StoreWrite.DeleteUser delete:
                _deleteUser.Execute(tx, delete.Name);
                break;
            case StoreWrite.SavePermission(var p):
                _savePermission.Execute(tx, p.User, p.Vhost, p.Configure, p.Write, p.Read);
                break;
            case StoreWrite.DeletePermission delete:
                _deletePermission.Execute(tx, delete.User, delete.Vhost);
                break;
            default:
                throw new NotSupportedException($"The store cannot apply a {write.GetType().Name}.");
        }
    }

    private PreparedCommand Prepare(string sql) => new(_connection, sql);

    // SQLite binds blobs from byte[]; a body that already is a whole array is bound without a copy.
    private static byte[] AsBlob(ReadOnlyMemory<byte> body) =>
        MemoryMarshal.TryGetArray(body, out var segment) && segment is { Array: { } array, Offset: 0 } && segment.Count == array.Length
            ? array
            : body.ToArray();

    public void Dispose()
    {
        PreparedCommand[] commands =
        [
            _saveVhost, _deleteVhost, _saveExchange, _deleteExchange, _saveQueue, _deleteQueue, _purgeQueue,
            _saveBinding, _deleteBinding, _saveUser, _deleteUser, _savePermission, _deletePermission,
            _insertMessage, _deleteMessage, _setDeliveryCount, _deleteMessageRange,
        ];
        foreach (var command in commands) command.Dispose();
        _connection.Dispose();
    }
}
