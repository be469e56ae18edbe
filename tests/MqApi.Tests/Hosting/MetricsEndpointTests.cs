using System.Net;
using MqApi.Hosting;
using MqApi.Tests.TestInfrastructure;

namespace MqApi.Tests.Hosting;

/// <summary>
/// /metrics after known traffic: each counter moves by exactly what the traffic did (read before and
/// after, compare), and the gauges show the state. Each test has its own broker.
/// </summary>
public sealed class MetricsEndpointTests
{
    [Fact]
    public async Task MetricsEndpointAnswersWithoutCredentialsInPrometheusTextFormat()
    {
        await using var factory = new MqApiFactory();

        var response = await factory.CreateClient().GetAsync("/metrics");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.StartsWith("text/plain", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("mqapi_messages_published_total", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task MetricsEndpointNeedsAManagementUserWhenConfiguredSo()
    {
        await using var factory = new MqApiFactory(new Dictionary<string, string?> { ["Metrics:RequireAuthentication"] = "true" });

        var anonymous = await factory.CreateClient().GetAsync("/metrics");
        var guest = await factory.CreateGuestClient().GetAsync("/metrics");

        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal(HttpStatusCode.OK, guest.StatusCode);
    }

    [Fact]
    public async Task MessageCountersMoveByExactlyTheTrafficBetweenTwoScrapes()
    {
        await using var factory = new MqApiFactory();
        var client = factory.CreateGuestClient();
        await client.DeclareDurableExchangeAsync("parking", "fanout");
        await client.DeclareQueueAsync("parked");
        await client.BindQueueAsync("parking", "parked");
        await client.DeclareQueueAsync("jobs", new { durable = true, arguments = new Dictionary<string, object> { ["x-dead-letter-exchange"] = "parking" } });
        var before = await PrometheusScrape.ReadAsync(client);

        for (var i = 0; i < 5; i++) await client.PublishAsync("", "jobs", $"job {i}");
        for (var i = 0; i < 2; i++) await client.PublishAsync("amq.direct", "nobody-listens", "lost");
        await using (var consumer = await TestHubClient.ConnectAsync(factory))
        {
            await consumer.SubscribeAsync("jobs");
            var deliveries = await consumer.NextDeliveriesAsync(5);
            foreach (var delivery in deliveries.Take(3)) await consumer.AckAsync(delivery.DeliveryTag);
            await consumer.NackAsync(deliveries[3].DeliveryTag, multiple: false, requeue: true);
            var redelivery = await consumer.NextDeliveryAsync();
            await consumer.AckAsync(redelivery.DeliveryTag);
            await consumer.RejectAsync(deliveries[4].DeliveryTag, requeue: false);
        }
        var after = await PrometheusScrape.ReadAsync(client);

        double Delta(string name) => after.Value(name) - before.Value(name);
        Assert.Equal(7, Delta("mqapi_messages_published_total"));
        Assert.Equal(5, Delta("mqapi_messages_routed_total"));
        Assert.Equal(2, Delta("mqapi_messages_unroutable_total"));
        Assert.Equal(7, Delta("mqapi_messages_confirmed_total"));
        Assert.Equal(6, Delta("mqapi_messages_delivered_total"));
        Assert.Equal(4, Delta("mqapi_messages_acked_total"));
        Assert.Equal(2, Delta("mqapi_messages_nacked_total"));
        Assert.Equal(1, Delta("mqapi_messages_redelivered_total"));
        Assert.Equal(1, Delta("mqapi_messages_dead_lettered_total"));
        Assert.True(Delta("mqapi_store_commit_duration_seconds_count") > 0, "persistent publishes were committed, so commits were timed");
    }

    [Fact]
    public async Task QueueDepthAndConnectionGaugesShowTheCurrentState()
    {
        await using var factory = new MqApiFactory();
        var client = factory.CreateGuestClient();
        await client.DeclareQueueAsync("backlog");
        await client.DeclareQueueAsync("in-flight");
        for (var i = 0; i < 3; i++) await client.PublishAsync("", "backlog", "waiting");
        await client.PublishAsync("", "in-flight", "held");
        await using var consumer = await TestHubClient.ConnectAsync(factory);
        await consumer.SubscribeAsync("in-flight");
        await consumer.NextDeliveryAsync();

        var scrape = await PrometheusScrape.ReadAsync(client);

        Assert.Equal(3, scrape.Value("mqapi_queue_messages_ready", ("vhost", "/"), ("queue", "backlog")));
        Assert.Equal(0, scrape.Value("mqapi_queue_messages_unacked", ("vhost", "/"), ("queue", "backlog")));
        Assert.Equal(0, scrape.Value("mqapi_queue_messages_ready", ("vhost", "/"), ("queue", "in-flight")));
        Assert.Equal(1, scrape.Value("mqapi_queue_messages_unacked", ("vhost", "/"), ("queue", "in-flight")));
        Assert.Equal(1, scrape.Value("mqapi_queue_consumers", ("vhost", "/"), ("queue", "in-flight")));
        Assert.Equal(1, scrape.Value("mqapi_connections"));
    }

    [Fact]
    public async Task QueueGaugesKeepASeriesPerQueueBeyondTheLimitOfInstrumentsWithFewSeries()
    {
        await using var factory = new MqApiFactory();
        var client = factory.CreateGuestClient();
        var queues = MetricsExtensions.FewSeriesCardinalityLimit + 20;
        for (var i = 0; i < queues; i++) await client.DeclareQueueAsync($"gauged-{i}");

        var scrape = await PrometheusScrape.ReadAsync(client);

        Assert.All(Enumerable.Range(0, queues), i => Assert.Equal(0, scrape.Value("mqapi_queue_messages_ready", ("vhost", "/"), ("queue", $"gauged-{i}"))));
    }

    [Fact]
    public async Task PlatformMetersOfAspNetCoreAndTheRuntimeAreExported()
    {
        await using var factory = new MqApiFactory();
        var client = factory.CreateGuestClient();
        await client.GetAsync("/api/overview");

        var scrape = await PrometheusScrape.ReadAsync(client);

        Assert.True(scrape.Has("http_server_request_duration_seconds_count"));
        Assert.True(scrape.Has("dotnet_gc_heap_total_allocated_bytes_total"));
    }
}
