using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using MqApi.Tests.TestInfrastructure;
using static MqApi.Tests.TestInfrastructure.ApiRequests;

namespace MqApi.Tests.Api;

/// <summary>/api/queues: declare, list, live counters, purge and conditional delete.</summary>
public sealed class QueuesApiTests(MqApiFixture fixture) : IClassFixture<MqApiFixture>
{
    private readonly HttpClient _client = fixture.Factory.CreateGuestClient();

    [Fact]
    public async Task DeclaredQueueIsShownWithItsFlagsAndEmptyCounters()
    {
        var vhost = await _client.CreateVhostAsync();

        var response = await _client.PutAsJsonAsync(Path("queues", vhost, "orders"), new { durable = true, auto_delete = false, arguments = new { } });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var queue = await _client.GetJsonAsync(Path("queues", vhost, "orders"));
        Assert.Equal("orders", queue.GetProperty("name").GetString());
        Assert.Equal(vhost, queue.GetProperty("vhost").GetString());
        Assert.True(queue.GetProperty("durable").GetBoolean());
        Assert.False(queue.GetProperty("auto_delete").GetBoolean());
        Assert.False(queue.GetProperty("exclusive").GetBoolean());
        Assert.Equal(JsonValueKind.Object, queue.GetProperty("arguments").ValueKind);
        Assert.Equal("running", queue.GetProperty("state").GetString());
        Assert.Equal(new QueueCounts(0, 0, 0, 0), await _client.GetQueueCountsAsync(vhost, "orders"));
    }

    [Fact]
    public async Task RedeclaringAnEqualQueueAnswersNoContent()
    {
        var vhost = await _client.CreateVhostAsync();
        await _client.DeclareQueueAsync(vhost, "orders", durable: true);

        var response = await _client.PutAsJsonAsync(Path("queues", vhost, "orders"), new { durable = true });

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
    }

    [Fact]
    public async Task RedeclaringAQueueWithOtherFlagsIsRefusedAsInequivalent()
    {
        var vhost = await _client.CreateVhostAsync();
        await _client.DeclareQueueAsync(vhost, "orders", durable: true);

        var response = await _client.PutAsJsonAsync(Path("queues", vhost, "orders"), new { durable = false });

        var reason = await AssertErrorAsync(response, HttpStatusCode.BadRequest);
        Assert.Contains("inequivalent arg", reason);
    }

    [Fact]
    public async Task QueueListOfAVhostHoldsExactlyItsQueues()
    {
        var vhost = await _client.CreateVhostAsync();
        await _client.DeclareQueueAsync(vhost, "b");
        await _client.DeclareQueueAsync(vhost, "a");

        var queues = await _client.GetJsonAsync(Path("queues", vhost));

        Assert.Equal(["a", "b"], queues.EnumerateArray().Select(q => q.GetProperty("name").GetString()).Order());
    }

    [Fact]
    public async Task MissingQueueIsNotFound()
    {
        var vhost = await _client.CreateVhostAsync();

        var response = await _client.GetAsync(Path("queues", vhost, "missing"));

        await AssertErrorAsync(response, HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task PublishCountsAReadyMessageAtOnce()
    {
        var (vhost, queue) = await NewQueueAsync();

        await _client.PublishAsync(vhost, "", queue, "one");
        var afterOne = await _client.GetQueueCountsAsync(vhost, queue);
        await _client.PublishAsync(vhost, "", queue, "two");
        var afterTwo = await _client.GetQueueCountsAsync(vhost, queue);

        Assert.Equal(new QueueCounts(1, 1, 0, 0), afterOne);
        Assert.Equal(new QueueCounts(2, 2, 0, 0), afterTwo);
    }

    [Fact]
    public async Task ConsumerIsCountedAsSoonAsItSubscribes()
    {
        var (vhost, queue) = await NewQueueAsync();

        await using var consumer = BrokerTestConsumer.Subscribe(fixture.Factory, vhost, queue);

        Assert.Equal(new QueueCounts(0, 0, 0, 1), await _client.GetQueueCountsAsync(vhost, queue));
    }

    [Fact]
    public async Task MessagePublishedToAQueueWithAConsumerIsCountedUnacknowledgedAtOnce()
    {
        var (vhost, queue) = await NewQueueAsync();
        await using var consumer = BrokerTestConsumer.Subscribe(fixture.Factory, vhost, queue);

        await _client.PublishAsync(vhost, "", queue, "in flight");

        Assert.Equal(new QueueCounts(1, 0, 1, 1), await _client.GetQueueCountsAsync(vhost, queue));
    }

    [Fact]
    public async Task AckedDeliveryLeavesTheCountersAtOnce()
    {
        var (vhost, queue) = await NewQueueAsync();
        await using var consumer = BrokerTestConsumer.Subscribe(fixture.Factory, vhost, queue);
        await _client.PublishAsync(vhost, "", queue, "in flight");
        var delivery = await consumer.NextDeliveryAsync();

        await consumer.AckAsync(delivery.DeliveryTag);

        Assert.Equal(new QueueCounts(0, 0, 0, 1), await _client.GetQueueCountsAsync(vhost, queue));
    }

    [Fact]
    public async Task PrefetchLimitsUnacknowledgedAndLeavesTheRestReady()
    {
        var (vhost, queue) = await NewQueueAsync();
        await using var consumer = BrokerTestConsumer.Subscribe(fixture.Factory, vhost, queue, prefetch: 1);

        for (var i = 0; i < 3; i++) await _client.PublishAsync(vhost, "", queue, $"message {i}");

        Assert.Equal(new QueueCounts(3, 2, 1, 1), await _client.GetQueueCountsAsync(vhost, queue));
    }

    [Fact]
    public async Task CancelledConsumerIsNoLongerCounted()
    {
        var (vhost, queue) = await NewQueueAsync();
        await using var consumer = BrokerTestConsumer.Subscribe(fixture.Factory, vhost, queue);

        await consumer.CancelAsync();

        Assert.Equal(0, (await _client.GetQueueCountsAsync(vhost, queue)).Consumers);
    }

    [Fact]
    public async Task ClosedConsumersUnackedDeliveryIsReadyAgainAtOnce()
    {
        var (vhost, queue) = await NewQueueAsync();
        var consumer = BrokerTestConsumer.Subscribe(fixture.Factory, vhost, queue);
        await _client.PublishAsync(vhost, "", queue, "in flight");
        await consumer.NextDeliveryAsync();

        await consumer.DisposeAsync();

        Assert.Equal(new QueueCounts(1, 1, 0, 0), await _client.GetQueueCountsAsync(vhost, queue));
    }

    [Fact]
    public async Task QueueCountersAddUpInTheVhost()
    {
        var (vhost, queue) = await NewQueueAsync();
        await _client.DeclareQueueAsync(vhost, "other");
        await _client.PublishAsync(vhost, "", queue, "one");
        await _client.PublishAsync(vhost, "", "other", "two");

        var json = await _client.GetJsonAsync(Path("vhosts", vhost));

        Assert.Equal(2, json.GetProperty("messages").GetInt32());
        Assert.Equal(2, json.GetProperty("messages_ready").GetInt32());
    }

    [Fact]
    public async Task PurgeDropsTheReadyMessages()
    {
        var (vhost, queue) = await NewQueueAsync();
        for (var i = 0; i < 3; i++) await _client.PublishAsync(vhost, "", queue, $"message {i}");

        var response = await _client.DeleteAsync(Path("queues", vhost, queue, "contents"));

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Equal(new QueueCounts(0, 0, 0, 0), await _client.GetQueueCountsAsync(vhost, queue));
        Assert.Empty(await _client.GetMessagesAsync(vhost, queue, "ack_requeue_false"));
    }

    [Fact]
    public async Task PurgeLeavesUnacknowledgedDeliveriesAlone()
    {
        var (vhost, queue) = await NewQueueAsync();
        await using var consumer = BrokerTestConsumer.Subscribe(fixture.Factory, vhost, queue, prefetch: 1);
        for (var i = 0; i < 3; i++) await _client.PublishAsync(vhost, "", queue, $"message {i}");

        await _client.DeleteAsync(Path("queues", vhost, queue, "contents"));

        Assert.Equal(new QueueCounts(1, 0, 1, 1), await _client.GetQueueCountsAsync(vhost, queue));
    }

    [Fact]
    public async Task PurgeOfAMissingQueueIsNotFound()
    {
        var vhost = await _client.CreateVhostAsync();

        var response = await _client.DeleteAsync(Path("queues", vhost, "missing", "contents"));

        await AssertErrorAsync(response, HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task DeletedQueueIsGone()
    {
        var (vhost, queue) = await NewQueueAsync();
        await _client.PublishAsync(vhost, "", queue, "dropped with it");

        var response = await _client.DeleteAsync(Path("queues", vhost, queue));

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        await AssertErrorAsync(await _client.GetAsync(Path("queues", vhost, queue)), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task DeletingAMissingQueueIsNotFound()
    {
        var vhost = await _client.CreateVhostAsync();

        var response = await _client.DeleteAsync(Path("queues", vhost, "missing"));

        await AssertErrorAsync(response, HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task DeleteIfEmptyIsRefusedWhileTheQueueHoldsMessages()
    {
        var (vhost, queue) = await NewQueueAsync();
        await _client.PublishAsync(vhost, "", queue, "still here");

        var response = await _client.DeleteAsync(Path("queues", vhost, queue) + "?if-empty=true");

        await AssertErrorAsync(response, HttpStatusCode.BadRequest);
        Assert.Equal(new QueueCounts(1, 1, 0, 0), await _client.GetQueueCountsAsync(vhost, queue));
    }

    [Fact]
    public async Task DeleteIfEmptyRemovesAnEmptyQueue()
    {
        var (vhost, queue) = await NewQueueAsync();

        var response = await _client.DeleteAsync(Path("queues", vhost, queue) + "?if-empty=true");

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        await AssertErrorAsync(await _client.GetAsync(Path("queues", vhost, queue)), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task DeleteIfUnusedRemovesAQueueWithoutConsumers()
    {
        var (vhost, queue) = await NewQueueAsync();
        await _client.PublishAsync(vhost, "", queue, "no consumer reads this");

        var response = await _client.DeleteAsync(Path("queues", vhost, queue) + "?if-unused=true");

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        await AssertErrorAsync(await _client.GetAsync(Path("queues", vhost, queue)), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task DeleteIfUnusedIsRefusedWhileTheQueueHasAConsumer()
    {
        var (vhost, queue) = await NewQueueAsync();
        await using var consumer = BrokerTestConsumer.Subscribe(fixture.Factory, vhost, queue);

        var response = await _client.DeleteAsync(Path("queues", vhost, queue) + "?if-unused=true");

        await AssertErrorAsync(response, HttpStatusCode.BadRequest);
        Assert.Equal(1, (await _client.GetQueueCountsAsync(vhost, queue)).Consumers);
    }

    [Fact]
    public async Task DeletingAQueueRemovesItsBindings()
    {
        var (vhost, queue) = await NewQueueAsync();
        await _client.BindQueueAsync(vhost, "amq.direct", queue, "key");

        await _client.DeleteAsync(Path("queues", vhost, queue));

        var bindings = await _client.GetJsonAsync(Path("exchanges", vhost, "amq.direct", "bindings", "source"));
        Assert.Empty(bindings.EnumerateArray());
    }

    [Fact]
    public async Task QueueWithSlashAndSpaceInItsNameIsReachedPercentEncoded()
    {
        var vhost = await _client.CreateVhostAsync();

        await _client.DeclareQueueAsync(vhost, "jobs/high priority");
        await _client.PublishAsync(vhost, "", "jobs/high priority", "found");

        var queue = await _client.GetJsonAsync(Path("queues", vhost, "jobs/high priority"));
        Assert.Equal("jobs/high priority", queue.GetProperty("name").GetString());
        Assert.Equal(1, queue.GetProperty("messages").GetInt32());
    }

    private async Task<(string Vhost, string Queue)> NewQueueAsync()
    {
        var vhost = await _client.CreateVhostAsync();
        var queue = UniqueName("queue");
        await _client.DeclareQueueAsync(vhost, queue);
        return (vhost, queue);
    }
}
