using MqApi.Broker.Persistence;
using static MqApi.Tests.Storage.StoreSamples;

namespace MqApi.Tests.Storage;

/// <summary>The store's side of queue paging: loading only each queue's first messages, and reading later pages.</summary>
public sealed class StorePagingTests : IAsyncLifetime
{
    private readonly TemporaryBrokerDatabase _database = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _database.DisposeAsync();

    [Fact]
    public async Task LoadReturnsTheFirstMessagesOfEachQueueAndCountsAllOfThem()
    {
        await using var store = await _database.StartStoreAsync();
        await store.WriteAsync(new StoreWrite.SaveVhost(Vhost("/")), new StoreWrite.SaveQueue(Queue("/", "orders")), new StoreWrite.SaveQueue(Queue("/", "audit")));
        await store.WriteAsync(Insert([.. Enumerable.Range(1, 10).Select(i => Message(i, queue: i % 2 == 0 ? "orders" : "audit"))]));

        var state = await store.Store.LoadAsync(2, CancellationToken.None).WaitAsync(RunningStore.Deadline);

        Assert.Equal([1L, 2L, 3L, 4L], state.Messages.Select(m => m.Id));
        var orders = Assert.Single(state.Backlogs, b => b.Queue == "orders");
        Assert.Equal((5, 10L), (orders.Count, orders.LastId));
        Assert.Equal(Enumerable.Range(1, 10).Where(i => i % 2 == 0).Sum(i => (long)$"message {i}".Length), orders.Bytes);
        Assert.Equal(10L, state.LastMessageId);
    }

    [Fact]
    public async Task PageReadSeesAnInsertSubmittedJustBeforeItAndKeepsToItsRange()
    {
        await using var store = await _database.StartStoreAsync();
        await store.WriteAsync(new StoreWrite.SaveVhost(Vhost("/")), new StoreWrite.SaveQueue(Queue("/", "orders")));

        // Not awaited: the read must not overtake an insert still waiting for its commit.
        _ = store.Store.WriteAsync(Insert([.. Enumerable.Range(1, 20).Select(i => Message(i))]));
        var page = await store.Store.ReadMessagesAsync("/", "orders", afterId: 5, throughId: 15, limit: 4, CancellationToken.None).WaitAsync(RunningStore.Deadline);
        var rest = await store.Store.ReadMessagesAsync("/", "orders", afterId: 9, throughId: 15, limit: 100, CancellationToken.None).WaitAsync(RunningStore.Deadline);

        Assert.Equal([6L, 7L, 8L, 9L], page.Select(m => m.Id));
        Assert.Equal("message 6", System.Text.Encoding.UTF8.GetString(page[0].Body.Span));
        Assert.Equal([10L, 11L, 12L, 13L, 14L, 15L], rest.Select(m => m.Id));
    }

    [Fact]
    public async Task DeletingAMessageRangeLeavesTheQueuesOtherMessages()
    {
        await using var store = await _database.StartStoreAsync();
        await store.WriteAsync(new StoreWrite.SaveVhost(Vhost("/")), new StoreWrite.SaveQueue(Queue("/", "orders")), new StoreWrite.SaveQueue(Queue("/", "audit")));
        await store.WriteAsync(Insert(Message(1), Message(2), Message(3, queue: "audit"), Message(4), Message(5)));

        await store.WriteAsync(new StoreWrite.DeleteMessageRange("/", "orders", AfterId: 1, ThroughId: 4));

        Assert.Equal([1L, 3L, 5L], (await store.LoadAsync()).Messages.Select(m => m.Id));
    }
}
