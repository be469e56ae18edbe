using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using MqApi.Broker;
using MqApi.Tests.TestInfrastructure;

namespace MqApi.Tests.Api;

/// <summary>
/// message_stats in /api/overview, /api/queues and /api/exchanges after known traffic. Each test has its
/// own broker, so the broker-wide counts are exactly this test's traffic.
/// </summary>
public sealed class MessageStatsTests
{
    // The sampling timer never fires during a test: rates change only when a test samples.
    private static readonly Dictionary<string, string?> NoTimedSampling = new() { ["Broker:StatisticsInterval"] = "01:00:00" };

    [Fact]
    public async Task CountsPublishesGetsDeliveriesAndAcksInOverviewQueueAndExchange()
    {
        await using var factory = new MqApiFactory(NoTimedSampling);
        var client = factory.CreateGuestClient();
        await client.DeclareQueueAsync("jobs");
        await client.DeclareDurableExchangeAsync("work", "direct");
        await client.BindQueueAsync("work", "jobs", "job");

        for (var i = 0; i < 5; i++) await client.PublishAsync("work", "job", $"m{i}");
        await client.PublishAsync("work", "nowhere", "lost");
        var leased = await client.GetMessagesAsync("jobs", new { count = 3, ackmode = "lease", lease_ms = 60_000 });
        (await client.PostAsJsonAsync("/api/queues/%2F/jobs/ack", new { delivery_tags = leased.Select(m => m.GetProperty("delivery_tag").GetInt64()) })).EnsureSuccessStatusCode();
        await client.GetMessagesAsync("jobs", new { count = 1, ackmode = "ack_requeue_false" });
        await using (var consumer = await TestHubClient.ConnectAsync(factory))
        {
            await consumer.SubscribeAsync("jobs");
            await consumer.AckAsync((await consumer.NextDeliveryAsync()).DeliveryTag);
        }

        var overview = await StatsAsync(client, "/api/overview");
        Assert.Equal(6, Count(overview, "publish"));
        Assert.Equal(6, Count(overview, "confirm"));
        Assert.Equal(1, Count(overview, "return_unroutable"));
        Assert.Equal(0, Count(overview, "drop_unroutable"));
        Assert.Equal(3, Count(overview, "get"));
        Assert.Equal(1, Count(overview, "get_no_ack"));
        Assert.Equal(1, Count(overview, "deliver"));
        Assert.Equal(0, Count(overview, "deliver_no_ack"));
        Assert.Equal(5, Count(overview, "deliver_get"));
        Assert.Equal(4, Count(overview, "ack"));
        Assert.Equal(0, Count(overview, "redeliver"));
        var queue = await StatsAsync(client, "/api/queues/%2F/jobs");
        Assert.Equal(5, Count(queue, "publish"));
        Assert.Equal(3, Count(queue, "get"));
        Assert.Equal(1, Count(queue, "get_no_ack"));
        Assert.Equal(1, Count(queue, "deliver"));
        Assert.Equal(5, Count(queue, "deliver_get"));
        Assert.Equal(4, Count(queue, "ack"));
        var exchange = await StatsAsync(client, "/api/exchanges/%2F/work");
        Assert.Equal(6, Count(exchange, "publish_in"));
        Assert.Equal(5, Count(exchange, "publish_out"));
    }

    [Fact]
    public async Task QueueListsCarryEachQueuesOwnCounts()
    {
        await using var factory = new MqApiFactory(NoTimedSampling);
        var client = factory.CreateGuestClient();
        await client.DeclareQueueAsync("a");
        await client.DeclareQueueAsync("b");

        for (var i = 0; i < 2; i++) await client.PublishAsync("", "a", "x");
        for (var i = 0; i < 3; i++) await client.PublishAsync("", "b", "x");

        var queues = await client.GetFromJsonAsync<JsonElement[]>("/api/queues/%2F");
        Assert.NotNull(queues);
        Assert.Equal(2, Count(queues.Single(q => q.GetProperty("name").GetString() == "a").GetProperty("message_stats"), "publish"));
        Assert.Equal(3, Count(queues.Single(q => q.GetProperty("name").GetString() == "b").GetProperty("message_stats"), "publish"));
        var exchanges = await client.GetFromJsonAsync<JsonElement[]>("/api/exchanges/%2F");
        Assert.NotNull(exchanges);
        Assert.Equal(5, Count(exchanges.Single(e => e.GetProperty("name").GetString() == "").GetProperty("message_stats"), "publish_in"));
    }

    [Fact]
    public async Task RequeuedMessageGotAgainCountsAsRedelivered()
    {
        await using var factory = new MqApiFactory(NoTimedSampling);
        var client = factory.CreateGuestClient();
        await client.DeclareQueueAsync("retry");
        await client.PublishAsync("", "retry", "again");

        await client.GetMessagesAsync("retry", new { count = 1, ackmode = "reject_requeue_true" });
        await client.GetMessagesAsync("retry", new { count = 1, ackmode = "ack_requeue_false" });

        var queue = await StatsAsync(client, "/api/queues/%2F/retry");
        Assert.Equal(1, Count(queue, "get"));
        Assert.Equal(1, Count(queue, "get_no_ack"));
        Assert.Equal(1, Count(queue, "redeliver"));
        Assert.Equal(2, Count(queue, "deliver_get"));
        Assert.Equal(0, Count(queue, "ack"));
    }

    [Fact]
    public async Task AutoAckConsumerCountsAsDeliverNoAck()
    {
        await using var factory = new MqApiFactory(NoTimedSampling);
        var client = factory.CreateGuestClient();
        await client.DeclareQueueAsync("firehose");
        await using var consumer = await TestHubClient.ConnectAsync(factory);
        await consumer.SubscribeAsync("firehose", autoAck: true);

        for (var i = 0; i < 4; i++) await client.PublishAsync("", "firehose", "x");
        await consumer.NextDeliveriesAsync(4);

        var queue = await StatsAsync(client, "/api/queues/%2F/firehose");
        Assert.Equal(4, Count(queue, "deliver_no_ack"));
        Assert.Equal(0, Count(queue, "deliver"));
        Assert.Equal(4, Count(queue, "deliver_get"));
    }

    [Fact]
    public async Task RatesAreTheCountsOverTheLastSampleIntervalPerSecond()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var baseFactory = new MqApiFactory(NoTimedSampling);
        await using var factory = baseFactory.WithWebHostBuilder(b => b.ConfigureTestServices(s => s.AddSingleton<TimeProvider>(time)));
        var client = factory.CreateClient();
        client.DefaultRequestHeaders.Authorization = baseFactory.CreateGuestClient().DefaultRequestHeaders.Authorization;
        var broker = factory.Services.GetRequiredService<MessageBroker>();
        await client.DeclareQueueAsync("paced");
        broker.SampleStatistics();

        for (var i = 0; i < 6; i++) await client.PublishAsync("", "paced", "x");
        await client.GetMessagesAsync("paced", new { count = 3, ackmode = "ack_requeue_false" });
        time.Advance(TimeSpan.FromSeconds(2));
        broker.SampleStatistics();

        var overview = await StatsAsync(client, "/api/overview");
        Assert.Equal(3.0, Rate(overview, "publish"));
        Assert.Equal(1.5, Rate(overview, "get_no_ack"));
        Assert.Equal(1.5, Rate(overview, "deliver_get"));
        Assert.Equal(3.0, Rate(await StatsAsync(client, "/api/queues/%2F/paced"), "publish"));
        Assert.Equal(3.0, Rate(await StatsAsync(client, "/api/exchanges/%2F/amq.default"), "publish_in"));
    }

    private static async Task<JsonElement> StatsAsync(HttpClient client, string path) =>
        (await client.GetFromJsonAsync<JsonElement>(path)).GetProperty("message_stats");

    private static long Count(JsonElement stats, string name) => stats.GetProperty(name).GetInt64();

    private static double Rate(JsonElement stats, string name) => stats.GetProperty(name + "_details").GetProperty("rate").GetDouble();
}
