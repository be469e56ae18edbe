using Microsoft.Data.Sqlite;
using MqApi.Broker.Messages;
using MqApi.Broker.Persistence;
using static MqApi.Tests.Storage.StoreSamples;

namespace MqApi.Tests.Storage;

public sealed class SqliteBrokerStoreTests : IAsyncLifetime
{
    private readonly TemporaryBrokerDatabase _database = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _database.DisposeAsync();

    [Fact]
    public async Task SavedTopologyComesBackOnANewStoreOverTheSameFile()
    {
        await using (var store = await _database.StartStoreAsync())
        {
            await store.WriteAsync(
                new StoreWrite.SaveVhost(Vhost("/")),
                new StoreWrite.SaveExchange(Exchange("/", "orders")),
                new StoreWrite.SaveExchange(Exchange("/", "audit", type: "fanout")),
                new StoreWrite.SaveQueue(Queue("/", "orders")),
                new StoreWrite.SaveBinding(QueueBinding("/", "orders", "orders")),
                new StoreWrite.SaveBinding(ExchangeBinding("/", "orders", "audit")));
        }

        await using var restarted = await _database.StartStoreAsync();
        var state = await restarted.LoadAsync();

        var vhost = Assert.Single(state.Vhosts);
        Assert.Equal(("/", "the / vhost", "classic"), (vhost.Name, vhost.Description, vhost.DefaultQueueType));
        Assert.Equal(["production", "eu"], vhost.Tags);
        Assert.Equal(["audit:fanout", "orders:topic"], state.Exchanges.Select(e => $"{e.Name}:{e.Type}").Order());
        var exchange = state.Exchanges.Single(e => e.Name == "orders");
        Assert.True(FieldTable.AreEquivalent(Exchange("/", "orders").Arguments, exchange.Arguments));
        var queue = Assert.Single(state.Queues);
        Assert.Equal(("/", "orders"), (queue.Vhost, queue.Name));
        Assert.Equal(1000L, queue.Arguments["x-max-length"]);
        Assert.Equal(["orders->audit (exchange)", "orders->orders (queue)"],
            state.Bindings.Select(b => $"{b.Source}->{b.Destination} ({(b.DestinationIsQueue ? "queue" : "exchange")})").Order());
    }

    [Fact]
    public async Task SavedUsersAndPermissionsComeBackOnANewStoreOverTheSameFile()
    {
        await using (var store = await _database.StartStoreAsync())
        {
            await store.WriteAsync(
                new StoreWrite.SaveVhost(Vhost("/")),
                new StoreWrite.SaveUser(new UserRecord("alice", "hash-1", "rabbit_password_hashing_sha256", ["administrator"])),
                new StoreWrite.SavePermission(new PermissionRecord("alice", "/", ".*", "^orders$", "")));
        }

        await using var restarted = await _database.StartStoreAsync();
        var state = await restarted.LoadAsync();

        var user = Assert.Single(state.Users);
        Assert.Equal(("alice", "hash-1", "rabbit_password_hashing_sha256"), (user.Name, user.PasswordHash, user.HashingAlgorithm));
        Assert.Equal(["administrator"], user.Tags);
        Assert.Equal(new PermissionRecord("alice", "/", ".*", "^orders$", ""), Assert.Single(state.Permissions));
    }

    [Fact]
    public async Task SavedMessagesComeBackOnANewStoreOverTheSameFile()
    {
        var expiring = Message(2) with { DeliveryCount = 3, ExpiresAtUnixMs = 1_900_000_000_000 };
        await using (var store = await _database.StartStoreAsync())
        {
            await store.WriteAsync(new StoreWrite.SaveQueue(Queue("/", "orders")), Insert(Message(1), expiring));
        }

        await using var restarted = await _database.StartStoreAsync();
        var state = await restarted.LoadAsync();

        Assert.Equal([1L, 2L], state.Messages.Select(m => m.Id));
        var loaded = state.Messages[1];
        Assert.Equal((expiring.Vhost, expiring.Queue, expiring.Exchange, expiring.RoutingKey, expiring.PropertiesJson),
            (loaded.Vhost, loaded.Queue, loaded.Exchange, loaded.RoutingKey, loaded.PropertiesJson));
        Assert.Equal(expiring.Body.ToArray(), loaded.Body.ToArray());
        Assert.Equal((3, 1_900_000_000_000L), (loaded.DeliveryCount, loaded.ExpiresAtUnixMs));
    }

    [Fact]
    public async Task SavingAgainReplacesTheStoredRecord()
    {
        await using var store = await _database.StartStoreAsync();

        await store.WriteAsync(
            new StoreWrite.SaveQueue(Queue("/", "orders")),
            new StoreWrite.SaveQueue(Queue("/", "orders") with { AutoDelete = true, Arguments = FieldTable.Empty }),
            new StoreWrite.SavePermission(new PermissionRecord("alice", "/", "", "", "")),
            new StoreWrite.SavePermission(new PermissionRecord("alice", "/", ".*", ".*", ".*")));

        var state = await store.LoadAsync();
        var queue = Assert.Single(state.Queues);
        Assert.True(queue.AutoDelete);
        Assert.Empty(queue.Arguments);
        Assert.Equal(".*", Assert.Single(state.Permissions).Configure);
    }

    [Fact]
    public async Task DeletingABindingMatchesItsArgumentsWhateverTheirKeyOrder()
    {
        var binding = QueueBinding("/", "headers", "orders") with
        {
            Arguments = new Dictionary<string, object?> { ["x-match"] = "all", ["region"] = "eu" },
        };
        var sameBindingReordered = binding with
        {
            Arguments = new Dictionary<string, object?> { ["region"] = "eu", ["x-match"] = "all" },
        };
        var otherArguments = binding with { Arguments = new Dictionary<string, object?> { ["x-match"] = "any" } };
        await using var store = await _database.StartStoreAsync();
        await store.WriteAsync(new StoreWrite.SaveBinding(binding), new StoreWrite.SaveBinding(otherArguments));

        await store.WriteAsync(new StoreWrite.DeleteBinding(sameBindingReordered));

        var remaining = Assert.Single((await store.LoadAsync()).Bindings);
        Assert.Equal("any", remaining.Arguments["x-match"]);
    }

    [Fact]
    public async Task DeletingQueueRemovesItsMessagesAndBindings()
    {
        await using var store = await _database.StartStoreAsync();
        await store.WriteAsync(
            new StoreWrite.SaveExchange(Exchange("/", "orders")),
            new StoreWrite.SaveQueue(Queue("/", "orders")),
            new StoreWrite.SaveQueue(Queue("/", "invoices")),
            new StoreWrite.SaveBinding(QueueBinding("/", "orders", "orders")),
            new StoreWrite.SaveBinding(QueueBinding("/", "orders", "invoices")),
            Insert(Message(1, queue: "orders"), Message(2, queue: "invoices")));

        await store.WriteAsync(new StoreWrite.DeleteQueue("/", "orders"));

        var state = await store.LoadAsync();
        Assert.Equal("invoices", Assert.Single(state.Queues).Name);
        Assert.Equal("invoices", Assert.Single(state.Bindings).Destination);
        Assert.Equal(2L, Assert.Single(state.Messages).Id);
        Assert.Single(state.Exchanges);
    }

    [Fact]
    public async Task DeletingExchangeRemovesBindingsItIsSourceOrDestinationOf()
    {
        await using var store = await _database.StartStoreAsync();
        await store.WriteAsync(
            new StoreWrite.SaveExchange(Exchange("/", "orders")),
            new StoreWrite.SaveExchange(Exchange("/", "audit")),
            new StoreWrite.SaveExchange(Exchange("/", "upstream")),
            new StoreWrite.SaveQueue(Queue("/", "audit-log")),
            new StoreWrite.SaveBinding(ExchangeBinding("/", "upstream", "orders")),
            new StoreWrite.SaveBinding(ExchangeBinding("/", "orders", "audit")),
            new StoreWrite.SaveBinding(QueueBinding("/", "audit", "audit-log")));

        await store.WriteAsync(new StoreWrite.DeleteExchange("/", "orders"));

        var state = await store.LoadAsync();
        Assert.Equal(["audit", "upstream"], state.Exchanges.Select(e => e.Name).Order());
        Assert.Equal("audit", Assert.Single(state.Bindings).Source);
        Assert.Single(state.Queues);
    }

    [Fact]
    public async Task DeletingVhostRemovesEverythingInIt()
    {
        await using var store = await _database.StartStoreAsync();
        foreach (var vhost in new[] { "staging", "production" })
        {
            await store.WriteAsync(
                new StoreWrite.SaveVhost(Vhost(vhost)),
                new StoreWrite.SaveExchange(Exchange(vhost, "orders")),
                new StoreWrite.SaveQueue(Queue(vhost, "orders")),
                new StoreWrite.SaveBinding(QueueBinding(vhost, "orders", "orders")),
                new StoreWrite.SavePermission(new PermissionRecord("alice", vhost, ".*", ".*", ".*")),
                Insert(Message(vhost == "staging" ? 1 : 2, vhost)));
        }
        await store.WriteAsync(new StoreWrite.SaveUser(new UserRecord("alice", "hash", "sha256", [])));

        await store.WriteAsync(new StoreWrite.DeleteVhost("staging"));

        var state = await store.LoadAsync();
        Assert.Equal("production", Assert.Single(state.Vhosts).Name);
        Assert.Equal("production", Assert.Single(state.Exchanges).Vhost);
        Assert.Equal("production", Assert.Single(state.Queues).Vhost);
        Assert.Equal("production", Assert.Single(state.Bindings).Vhost);
        Assert.Equal("production", Assert.Single(state.Permissions).Vhost);
        Assert.Equal("production", Assert.Single(state.Messages).Vhost);
        Assert.Single(state.Users);
    }

    [Fact]
    public async Task DeletingUserRemovesItsPermissions()
    {
        await using var store = await _database.StartStoreAsync();
        await store.WriteAsync(
            new StoreWrite.SaveUser(new UserRecord("alice", "hash", "sha256", [])),
            new StoreWrite.SaveUser(new UserRecord("bob", "hash", "sha256", [])),
            new StoreWrite.SavePermission(new PermissionRecord("alice", "/", ".*", ".*", ".*")),
            new StoreWrite.SavePermission(new PermissionRecord("bob", "/", ".*", ".*", ".*")));

        await store.WriteAsync(new StoreWrite.DeleteUser("alice"));

        var state = await store.LoadAsync();
        Assert.Equal("bob", Assert.Single(state.Users).Name);
        Assert.Equal("bob", Assert.Single(state.Permissions).User);
    }

    [Fact]
    public async Task PurgingQueueRemovesOnlyItsMessages()
    {
        await using var store = await _database.StartStoreAsync();
        await store.WriteAsync(
            new StoreWrite.SaveQueue(Queue("/", "orders")),
            new StoreWrite.SaveQueue(Queue("/", "invoices")),
            Insert(Message(1, queue: "orders"), Message(2, queue: "invoices"), Message(3, queue: "orders")));

        await store.WriteAsync(new StoreWrite.PurgeQueue("/", "orders"));

        var state = await store.LoadAsync();
        Assert.Equal(2, state.Queues.Count);
        Assert.Equal(2L, Assert.Single(state.Messages).Id);
    }

    [Fact]
    public async Task ConcurrentlySubmittedInsertsAllCommitAndLoadBackInIdOrder()
    {
        const int submitters = 16;
        const int messages = 2_000;
        long lastId = 0;
        await using var store = await _database.StartStoreAsync();
        await store.WriteAsync(new StoreWrite.SaveQueue(Queue("/", "orders")));

        // Like the broker: ids are taken in publish order, but submitters race to the store.
        var submissions = Enumerable.Range(0, submitters).Select(_ => Task.Run(async () =>
        {
            for (var i = 0; i < messages / submitters; i++)
            {
                await store.WriteAsync(Insert(Message(Interlocked.Increment(ref lastId))));
            }
        }));
        await Task.WhenAll(submissions).WaitAsync(RunningStore.Deadline);

        var state = await store.LoadAsync();
        Assert.Equal(Enumerable.Range(1, messages).Select(i => (long)i), state.Messages.Select(m => m.Id));
    }

    [Fact]
    public async Task DeletingMessagesRightAfterInsertingThemLeavesNothing()
    {
        await using var store = await _database.StartStoreAsync();
        await store.WriteAsync(new StoreWrite.SaveQueue(Queue("/", "orders")));

        // Submitted back to back without awaiting, as an auto-acked delivery does: the delete must not overtake the insert.
        var insert = store.Store.WriteAsync(Insert(Message(1), Message(2)));
        var delete = store.Store.WriteAsync(new StoreWrite.DeleteMessages([1, 2]));
        await Task.WhenAll(insert, delete).WaitAsync(RunningStore.Deadline);

        Assert.Empty((await store.LoadAsync()).Messages);
    }

    [Fact]
    public async Task DeliveryCountPersists()
    {
        await using (var store = await _database.StartStoreAsync())
        {
            await store.WriteAsync(new StoreWrite.SaveQueue(Queue("/", "orders")), Insert(Message(1), Message(2)));
            await store.WriteAsync(new StoreWrite.SetDeliveryCount(1, 4));
        }

        await using var restarted = await _database.StartStoreAsync();
        var state = await restarted.LoadAsync();

        Assert.Equal([4, 0], state.Messages.Select(m => m.DeliveryCount));
    }

    [Fact]
    public async Task MessagesWhoseQueueIsGoneAreDroppedAtLoad()
    {
        await using (var store = await _database.StartStoreAsync())
        {
            await store.WriteAsync(
                new StoreWrite.SaveQueue(Queue("/", "orders")),
                Insert(Message(1, queue: "orders"), Message(2, queue: "never-declared"), Message(3, vhost: "other", queue: "orders")));
        }

        await using var restarted = await _database.StartStoreAsync();
        var firstLoad = await restarted.LoadAsync();

        Assert.Equal(1L, Assert.Single(firstLoad.Messages).Id);
        Assert.Equal(1, await CountMessageRowsAsync());
    }

    [Fact]
    public async Task FailedCommitFaultsItsWritesAndLaterWritesStillCommit()
    {
        await using var store = await _database.StartStoreAsync();
        await store.WriteAsync(new StoreWrite.SaveQueue(Queue("/", "orders")), Insert(Message(1)));

        // A second message with id 1 breaks the primary key, so this commit fails.
        var duplicate = store.Store.WriteAsync(Insert(Message(1)));
        await Assert.ThrowsAsync<SqliteException>(() => duplicate.WaitAsync(RunningStore.Deadline));
        await store.WriteAsync(Insert(Message(2)));

        Assert.Equal([1L, 2L], (await store.LoadAsync()).Messages.Select(m => m.Id));
    }

    [Fact]
    public async Task WritesAfterDisposeAreRefused()
    {
        var store = await _database.StartStoreAsync();
        var brokerStore = store.Store;
        await store.DisposeAsync();

        await Assert.ThrowsAsync<ObjectDisposedException>(() => brokerStore.WriteAsync(Insert(Message(1))));
    }

    [Fact]
    public async Task StartingTheStoreCreatesTheDatabaseFolderAndFile()
    {
        Assert.False(Directory.Exists(Path.GetDirectoryName(_database.FilePath)));

        await using var store = await _database.StartStoreAsync();

        Assert.True(File.Exists(_database.FilePath));
    }

    private async Task<long> CountMessageRowsAsync()
    {
        await using var connection = new SqliteConnection(_database.ConnectionString);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM messages";
        return (long)(await command.ExecuteScalarAsync() ?? 0L);
    }
}
