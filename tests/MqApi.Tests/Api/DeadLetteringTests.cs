using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using MqApi.Tests.TestInfrastructure;

namespace MqApi.Tests.Api;

public sealed class DeadLetteringTests : IAsyncLifetime
{
    private readonly MqApiFactory _factory = new();
    private HttpClient _client = null!;

    public async Task InitializeAsync()
    {
        _client = _factory.CreateGuestClient();
        await _client.DeclareDurableExchangeAsync("dlx", "fanout");
        await _client.DeclareQueueAsync("dead");
        await _client.BindQueueAsync("dlx", "dead");
    }

    public async Task DisposeAsync() => await _factory.DisposeAsync();

    [Fact]
    public async Task ExpiredMessageGoesToTheDeadLetterExchangeWithXDeath()
    {
        await _client.DeclareQueueAsync("short-lived", new { durable = true, arguments = new Dictionary<string, object> { ["x-message-ttl"] = 50, ["x-dead-letter-exchange"] = "dlx" } });

        await _client.PublishAsync("", "short-lived", "stale");

        Assert.True(await RestCalls.EventuallyAsync(async () => (await _client.GetJsonAsync("/api/queues/%2F/dead")).GetProperty("messages").GetInt32() == 1));
        var dead = Assert.Single(await _client.GetMessagesAsync("dead", new { count = 1, ackmode = "ack_requeue_false" }));
        var death = dead.GetProperty("properties").GetProperty("headers").GetProperty("x-death")[0];
        Assert.Equal("expired", death.GetProperty("reason").GetString());
        Assert.Equal("short-lived", death.GetProperty("queue").GetString());
        Assert.Equal(1, death.GetProperty("count").GetInt32());
        Assert.Equal(["short-lived"], death.GetProperty("routing-keys").EnumerateArray().Select(k => k.GetString()));
        Assert.Equal(0, (await _client.GetJsonAsync("/api/queues/%2F/short-lived")).GetProperty("messages").GetInt32());
    }

    [Fact]
    public async Task PerMessageExpirationExpiresOnlyThatMessage()
    {
        await _client.DeclareQueueAsync("mixed", new { durable = true, arguments = new Dictionary<string, object> { ["x-dead-letter-exchange"] = "dlx" } });

        await _client.PublishAsync("", "mixed", "quick", new { delivery_mode = 2, expiration = "30" });
        await _client.PublishAsync("", "mixed", "slow", new { delivery_mode = 2 });

        Assert.True(await RestCalls.EventuallyAsync(async () => (await _client.GetJsonAsync("/api/queues/%2F/dead")).GetProperty("messages").GetInt32() == 1));
        Assert.Equal(["quick"], await _client.DrainAsync("dead"));
        Assert.Equal(["slow"], await _client.DrainAsync("mixed"));
    }

    [Fact]
    public async Task RejectWithoutRequeueDeadLettersWithReasonRejectedAndRoutingKeyOverride()
    {
        await _client.DeclareDurableExchangeAsync("dlx-direct", "direct");
        await _client.DeclareQueueAsync("parking");
        await _client.BindQueueAsync("dlx-direct", "parking", "parked");
        await _client.DeclareQueueAsync("work", new { durable = true, arguments = new Dictionary<string, object> { ["x-dead-letter-exchange"] = "dlx-direct", ["x-dead-letter-routing-key"] = "parked" } });
        await _client.PublishAsync("", "work", "bad");

        await _client.GetMessagesAsync("work", new { count = 1, ackmode = "reject_requeue_false" });

        Assert.True(await RestCalls.EventuallyAsync(async () => (await _client.GetJsonAsync("/api/queues/%2F/parking")).GetProperty("messages").GetInt32() == 1));
        var parked = Assert.Single(await _client.GetMessagesAsync("parking", new { count = 1, ackmode = "ack_requeue_false" }));
        Assert.Equal("parked", parked.GetProperty("routing_key").GetString());
        Assert.Equal("dlx-direct", parked.GetProperty("exchange").GetString());
        Assert.Equal("rejected", parked.GetProperty("properties").GetProperty("headers").GetProperty("x-death")[0].GetProperty("reason").GetString());
    }

    [Fact]
    public async Task MaxLengthDropHeadDeadLettersTheOldest()
    {
        await _client.DeclareQueueAsync("bounded", new { durable = true, arguments = new Dictionary<string, object> { ["x-max-length"] = 2, ["x-dead-letter-exchange"] = "dlx" } });

        foreach (var payload in new[] { "1", "2", "3" }) await _client.PublishAsync("", "bounded", payload);

        Assert.Equal(["2", "3"], await _client.DrainAsync("bounded"));
        Assert.True(await RestCalls.EventuallyAsync(async () => (await _client.GetJsonAsync("/api/queues/%2F/dead")).GetProperty("messages").GetInt32() == 1));
        var dead = Assert.Single(await _client.GetMessagesAsync("dead", new { count = 1, ackmode = "ack_requeue_false" }));
        Assert.Equal("1", dead.GetProperty("payload").GetString());
        Assert.Equal("maxlen", dead.GetProperty("properties").GetProperty("headers").GetProperty("x-death")[0].GetProperty("reason").GetString());
    }

    [Fact]
    public async Task MaxLengthBytesDropsHeadUntilTheQueueFits()
    {
        await _client.DeclareQueueAsync("byte-bounded", new { durable = true, arguments = new Dictionary<string, object> { ["x-max-length-bytes"] = 10 } });

        foreach (var payload in new[] { "aaaa", "bbbb", "cccc" }) await _client.PublishAsync("", "byte-bounded", payload);

        Assert.Equal(["bbbb", "cccc"], await _client.DrainAsync("byte-bounded"));
    }

    [Fact]
    public async Task RejectPublishOverflowRefusesTheNewMessageAndTellsThePublisher()
    {
        await _client.DeclareQueueAsync("full", new { durable = true, arguments = new Dictionary<string, object> { ["x-max-length"] = 1, ["x-overflow"] = "reject-publish" } });
        await _client.PublishAsync("", "full", "first");

        var refused = await _client.PublishAsync("", "full", "second");

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Equal("rejected", (await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error").GetString());
        Assert.Equal(["first"], await _client.DrainAsync("full"));
    }

    [Fact]
    public async Task RejectPublishDlxOverflowDeadLettersTheRefusedMessage()
    {
        await _client.DeclareQueueAsync("full-dlx", new { durable = true, arguments = new Dictionary<string, object> { ["x-max-length"] = 1, ["x-overflow"] = "reject-publish-dlx", ["x-dead-letter-exchange"] = "dlx" } });
        await _client.PublishAsync("", "full-dlx", "first");

        var refused = await _client.PublishAsync("", "full-dlx", "second");

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.True(await RestCalls.EventuallyAsync(async () => (await _client.GetJsonAsync("/api/queues/%2F/dead")).GetProperty("messages").GetInt32() == 1));
        Assert.Equal(["second"], await _client.DrainAsync("dead"));
        Assert.Equal(["first"], await _client.DrainAsync("full-dlx"));
    }

    [Fact]
    public async Task PoisonMessageGoesToTheDeadLetterExchangeAfterTheDeliveryLimit()
    {
        await _client.DeclareQueueAsync("retried", new { durable = true, arguments = new Dictionary<string, object> { ["x-delivery-limit"] = 2, ["x-dead-letter-exchange"] = "dlx" } });
        await _client.PublishAsync("", "retried", "poison");

        var attempts = 0;
        while ((await _client.GetMessagesAsync("retried", new { count = 1, ackmode = "reject_requeue_true" })).Length == 1) attempts++;

        Assert.Equal(3, attempts);
        Assert.True(await RestCalls.EventuallyAsync(async () => (await _client.GetJsonAsync("/api/queues/%2F/dead")).GetProperty("messages").GetInt32() == 1));
        var dead = Assert.Single(await _client.GetMessagesAsync("dead", new { count = 1, ackmode = "ack_requeue_false" }));
        var death = dead.GetProperty("properties").GetProperty("headers").GetProperty("x-death")[0];
        Assert.Equal("delivery_limit", death.GetProperty("reason").GetString());
        Assert.Equal("retried", death.GetProperty("queue").GetString());
    }

    [Fact]
    public async Task UnusedQueueWithXExpiresIsDeleted()
    {
        await _client.DeclareQueueAsync("ephemeral", new { durable = false, arguments = new Dictionary<string, object> { ["x-expires"] = 100 } });

        Assert.True(await RestCalls.EventuallyAsync(async () => (await _client.GetAsync("/api/queues/%2F/ephemeral")).StatusCode == HttpStatusCode.NotFound));
    }

    [Fact]
    public async Task HigherPriorityMessagesAreDeliveredFirst()
    {
        await _client.DeclareQueueAsync("prioritised", new { durable = true, arguments = new Dictionary<string, object> { ["x-max-priority"] = 5 } });

        await _client.PublishAsync("", "prioritised", "low", new { delivery_mode = 2, priority = 1 });
        await _client.PublishAsync("", "prioritised", "high", new { delivery_mode = 2, priority = 5 });
        await _client.PublishAsync("", "prioritised", "none", new { delivery_mode = 2 });

        Assert.Equal(["high", "low", "none"], await _client.DrainAsync("prioritised"));
    }
}
