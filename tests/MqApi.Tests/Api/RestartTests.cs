using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using MqApi.Tests.TestInfrastructure;
using static MqApi.Tests.TestInfrastructure.ApiRequests;

namespace MqApi.Tests.Api;

/// <summary>What survives a restart on the same database file, and what does not.</summary>
public sealed class RestartTests
{
    [Fact]
    public async Task DurableQueueAndPersistentMessageSurviveRestartWhileTransientOnesDoNot()
    {
        await using var first = new MqApiFactory();
        var client = first.CreateGuestClient();
        Assert.Equal(HttpStatusCode.Created, (await client.PutAsJsonAsync("/api/queues/%2F/kept", new { durable = true })).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await client.PutAsJsonAsync("/api/queues/%2F/gone", new { durable = false })).StatusCode);
        await client.PostAsJsonAsync("/api/exchanges/%2F/amq.default/publish", new { routing_key = "kept", payload = "persistent", properties = new { delivery_mode = 2 } });
        await client.PostAsJsonAsync("/api/exchanges/%2F/amq.default/publish", new { routing_key = "kept", payload = "transient", properties = new { } });

        await using var second = await first.RestartAsync();
        var after = second.CreateGuestClient();

        Assert.Equal(HttpStatusCode.NotFound, (await after.GetAsync("/api/queues/%2F/gone")).StatusCode);
        var get = await after.PostAsJsonAsync("/api/queues/%2F/kept/get", new { count = 10, ackmode = "ack_requeue_false", encoding = "auto" });
        var messages = await get.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(["persistent"], messages.EnumerateArray().Select(m => m.GetProperty("payload").GetString()));
    }

    [Fact]
    public async Task DurableExchangeSurvivesRestartWithItsTypeAndFlags()
    {
        await using var first = new MqApiFactory();
        var client = first.CreateGuestClient();
        var declared = await client.PutAsJsonAsync(Path("exchanges", "/", "events"), new { type = "topic", durable = true, auto_delete = false, @internal = false, arguments = new { note = "kept" } });
        Assert.Equal(HttpStatusCode.Created, declared.StatusCode);

        await using var second = await first.RestartAsync();

        var exchange = await second.CreateGuestClient().GetJsonAsync(Path("exchanges", "/", "events"));
        Assert.Equal("topic", exchange.GetProperty("type").GetString());
        Assert.True(exchange.GetProperty("durable").GetBoolean());
        Assert.Equal("kept", exchange.GetProperty("arguments").GetProperty("note").GetString());
    }

    [Fact]
    public async Task NonDurableExchangeIsGoneAfterRestart()
    {
        await using var first = new MqApiFactory();
        await first.CreateGuestClient().DeclareExchangeAsync("/", "passing", "fanout", durable: false);

        await using var second = await first.RestartAsync();

        await AssertErrorAsync(await second.CreateGuestClient().GetAsync(Path("exchanges", "/", "passing")), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task DurableQueueSurvivesRestartWithItsArguments()
    {
        await using var first = new MqApiFactory();
        var declared = await first.CreateGuestClient().PutAsJsonAsync(Path("queues", "/", "limited"), new { durable = true, arguments = new Dictionary<string, object> { ["x-max-length"] = 5 } });
        Assert.Equal(HttpStatusCode.Created, declared.StatusCode);

        await using var second = await first.RestartAsync();

        var queue = await second.CreateGuestClient().GetJsonAsync(Path("queues", "/", "limited"));
        Assert.True(queue.GetProperty("durable").GetBoolean());
        Assert.Equal(5, queue.GetProperty("arguments").GetProperty("x-max-length").GetInt32());
    }

    [Fact]
    public async Task BindingBetweenDurableExchangeAndDurableQueueSurvivesRestartAndRoutes()
    {
        await using var first = new MqApiFactory();
        var client = first.CreateGuestClient();
        await client.DeclareExchangeAsync("/", "orders", "direct", durable: true);
        await client.DeclareQueueAsync("/", "eu-orders", durable: true);
        await client.BindQueueAsync("/", "orders", "eu-orders", "eu", new { region = "eu" });

        await using var second = await first.RestartAsync();
        var after = second.CreateGuestClient();

        var binding = Assert.Single((await after.GetJsonAsync(Path("bindings", "/", "e", "orders", "q", "eu-orders"))).EnumerateArray());
        Assert.Equal("eu", binding.GetProperty("routing_key").GetString());
        Assert.Equal("eu", binding.GetProperty("arguments").GetProperty("region").GetString());
        Assert.True(await after.PublishAsync("/", "orders", "eu", "routed after restart"));
    }

    [Fact]
    public async Task ExchangeToExchangeBindingBetweenDurableExchangesSurvivesRestart()
    {
        await using var first = new MqApiFactory();
        var client = first.CreateGuestClient();
        await client.DeclareExchangeAsync("/", "upstream", "fanout", durable: true);
        await client.DeclareExchangeAsync("/", "downstream", "fanout", durable: true);
        var bound = await client.PostAsJsonAsync(Path("bindings", "/", "e", "upstream", "e", "downstream"), new { routing_key = "" });
        Assert.Equal(HttpStatusCode.Created, bound.StatusCode);

        await using var second = await first.RestartAsync();

        var bindings = await second.CreateGuestClient().GetJsonAsync(Path("exchanges", "/", "downstream", "bindings", "destination"));
        Assert.Equal("upstream", Assert.Single(bindings.EnumerateArray()).GetProperty("source").GetString());
    }

    [Fact]
    public async Task BindingToANonDurableQueueIsGoneAfterRestart()
    {
        await using var first = new MqApiFactory();
        var client = first.CreateGuestClient();
        await client.DeclareExchangeAsync("/", "orders", "direct", durable: true);
        await client.DeclareQueueAsync("/", "passing", durable: false);
        await client.BindQueueAsync("/", "orders", "passing", "eu");

        await using var second = await first.RestartAsync();

        Assert.Empty((await second.CreateGuestClient().GetJsonAsync(Path("exchanges", "/", "orders", "bindings", "source"))).EnumerateArray());
    }

    [Fact]
    public async Task DeletedDurableObjectsStayDeletedAfterRestart()
    {
        await using var first = new MqApiFactory();
        var client = first.CreateGuestClient();
        await client.DeclareExchangeAsync("/", "orders", "direct", durable: true);
        await client.DeclareQueueAsync("/", "bound", durable: true);
        await client.DeclareQueueAsync("/", "deleted", durable: true);
        await client.BindQueueAsync("/", "orders", "bound", "unbound-key");
        await client.DeleteAsync(Path("bindings", "/", "e", "orders", "q", "bound", "unbound-key"));
        await client.DeleteAsync(Path("queues", "/", "deleted"));

        await using var second = await first.RestartAsync();
        var after = second.CreateGuestClient();

        await AssertErrorAsync(await after.GetAsync(Path("queues", "/", "deleted")), HttpStatusCode.NotFound);
        Assert.Empty((await after.GetJsonAsync(Path("bindings", "/", "e", "orders", "q", "bound"))).EnumerateArray());
    }

    [Fact]
    public async Task VhostAndItsDurableQueueSurviveRestart()
    {
        await using var first = new MqApiFactory();
        var client = first.CreateGuestClient();
        var vhost = await client.CreateVhostAsync("team/orders");
        await client.DeclareQueueAsync(vhost, "q", durable: true);

        await using var second = await first.RestartAsync();
        var after = second.CreateGuestClient();

        Assert.Equal(vhost, (await after.GetJsonAsync(Path("vhosts", vhost))).GetProperty("name").GetString());
        Assert.Equal("q", Assert.Single((await after.GetJsonAsync(Path("queues", vhost))).EnumerateArray()).GetProperty("name").GetString());
    }

    [Fact]
    public async Task DeletedVhostStaysDeletedAfterRestart()
    {
        await using var first = new MqApiFactory();
        var client = first.CreateGuestClient();
        var vhost = await client.CreateVhostAsync();
        await client.DeclareQueueAsync(vhost, "q", durable: true);
        await client.DeleteAsync(Path("vhosts", vhost));

        await using var second = await first.RestartAsync();
        var after = second.CreateGuestClient();

        await AssertErrorAsync(await after.GetAsync(Path("vhosts", vhost)), HttpStatusCode.NotFound);
        Assert.DoesNotContain((await after.GetJsonAsync("/api/queues")).EnumerateArray(), q => q.GetProperty("vhost").GetString() == vhost);
    }

    [Fact]
    public async Task UsersAndPermissionsSurviveRestart()
    {
        await using var first = new MqApiFactory();
        var client = first.CreateGuestClient();
        var vhost = await client.CreateVhostAsync();
        Assert.Equal(HttpStatusCode.Created, (await client.PutAsJsonAsync(Path("users", "alice"), new { password = "wonderland", tags = "monitoring" })).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await client.PutAsJsonAsync(Path("permissions", vhost, "alice"), new { configure = "^$", write = ".*", read = "^reports$" })).StatusCode);

        await using var second = await first.RestartAsync();

        using var alice = second.CreateClient("alice", "wonderland");
        var whoami = await alice.GetJsonAsync("/api/whoami");
        Assert.Equal(["monitoring"], whoami.GetProperty("tags").EnumerateArray().Select(t => t.GetString()));
        var permission = await second.CreateGuestClient().GetJsonAsync(Path("permissions", vhost, "alice"));
        Assert.Equal(("^$", ".*", "^reports$"), (permission.GetProperty("configure").GetString(), permission.GetProperty("write").GetString(), permission.GetProperty("read").GetString()));
    }

    [Fact]
    public async Task ChangedPasswordAndDeletedUserStaySoAfterRestart()
    {
        await using var first = new MqApiFactory();
        var client = first.CreateGuestClient();
        await client.PutAsJsonAsync(Path("users", "alice"), new { password = "old", tags = "" });
        await client.PutAsJsonAsync(Path("users", "alice"), new { password = "new" });
        await client.PutAsJsonAsync(Path("users", "bob"), new { password = "bob", tags = "" });
        await client.DeleteAsync(Path("users", "bob"));

        await using var second = await first.RestartAsync();

        using var aliceOld = second.CreateClient("alice", "old");
        using var aliceNew = second.CreateClient("alice", "new");
        using var bob = second.CreateClient("bob", "bob");
        await AssertErrorAsync(await aliceOld.GetAsync("/api/whoami"), HttpStatusCode.Unauthorized);
        Assert.Equal(HttpStatusCode.OK, (await aliceNew.GetAsync("/api/whoami")).StatusCode);
        await AssertErrorAsync(await bob.GetAsync("/api/whoami"), HttpStatusCode.Unauthorized);
    }

    [Theory]
    [InlineData("ack_requeue_true")]
    [InlineData("reject_requeue_true")]
    public async Task PersistentMessageHandedOutBeforeRestartComesBackRedelivered(string ackmode)
    {
        await using var first = new MqApiFactory();
        var client = first.CreateGuestClient();
        await client.DeclareQueueAsync("/", "q", durable: true);
        await client.PublishAsync("/", "", "q", "handed out", deliveryMode: 2);
        await client.GetMessagesAsync("/", "q", ackmode);

        await using var second = await first.RestartAsync();

        var message = Assert.Single(await second.CreateGuestClient().GetMessagesAsync("/", "q", "ack_requeue_false"));
        Assert.Equal("handed out", message.GetProperty("payload").GetString());
        Assert.True(message.GetProperty("redelivered").GetBoolean());
        Assert.Equal(1, message.GetProperty("properties").GetProperty("headers").GetProperty("x-delivery-count").GetInt32());
    }

    [Fact]
    public async Task PersistentMessageNeverHandedOutComesBackNotRedelivered()
    {
        await using var first = new MqApiFactory();
        var client = first.CreateGuestClient();
        await client.DeclareQueueAsync("/", "q", durable: true);
        await client.PublishAsync("/", "", "q", "never handed out", deliveryMode: 2);

        await using var second = await first.RestartAsync();

        var message = Assert.Single(await second.CreateGuestClient().GetMessagesAsync("/", "q", "ack_requeue_false"));
        Assert.False(message.GetProperty("redelivered").GetBoolean());
        Assert.Equal(0, message.GetProperty("properties").GetProperty("headers").GetProperty("x-delivery-count").GetInt32());
    }

    [Fact]
    public async Task UnackedDeliveryToAConsumerComesBackRedeliveredAfterRestart()
    {
        await using var first = new MqApiFactory();
        var client = first.CreateGuestClient();
        await client.DeclareQueueAsync("/", "q", durable: true);
        // Not disposed: closing it would requeue the delivery; the restart is what takes it away.
        var consumer = BrokerTestConsumer.Subscribe(first, "/", "q");
        await client.PublishAsync("/", "", "q", "held by a consumer", deliveryMode: 2);
        await consumer.NextDeliveryAsync();

        await using var second = await first.RestartAsync();

        var message = Assert.Single(await second.CreateGuestClient().GetMessagesAsync("/", "q", "ack_requeue_false"));
        Assert.True(message.GetProperty("redelivered").GetBoolean());
    }

    [Theory]
    [InlineData("ack_requeue_false")]
    [InlineData("reject_requeue_false")]
    public async Task SettledPersistentMessageDoesNotComeBackAfterRestart(string ackmode)
    {
        await using var first = new MqApiFactory();
        var client = first.CreateGuestClient();
        await client.DeclareQueueAsync("/", "q", durable: true);
        await client.PublishAsync("/", "", "q", "settled", deliveryMode: 2);
        await client.PublishAsync("/", "", "q", "still queued", deliveryMode: 2);
        await client.GetMessagesAsync("/", "q", ackmode);

        await using var second = await first.RestartAsync();

        var messages = await second.CreateGuestClient().GetMessagesAsync("/", "q", "ack_requeue_false", count: 10);
        Assert.Equal(["still queued"], messages.Select(m => m.GetProperty("payload").GetString()));
    }

    [Fact]
    public async Task AckedConsumerDeliveryDoesNotComeBackAfterRestart()
    {
        await using var first = new MqApiFactory();
        var client = first.CreateGuestClient();
        await client.DeclareQueueAsync("/", "q", durable: true);
        var consumer = BrokerTestConsumer.Subscribe(first, "/", "q");
        await client.PublishAsync("/", "", "q", "acked", deliveryMode: 2);
        await consumer.AckAsync((await consumer.NextDeliveryAsync()).DeliveryTag);

        await using var second = await first.RestartAsync();

        Assert.Equal(new QueueCounts(0, 0, 0, 0), await second.CreateGuestClient().GetQueueCountsAsync("/", "q"));
    }

    [Fact]
    public async Task PurgeSurvivesRestart()
    {
        await using var first = new MqApiFactory();
        var client = first.CreateGuestClient();
        await client.DeclareQueueAsync("/", "q", durable: true);
        for (var i = 0; i < 3; i++) await client.PublishAsync("/", "", "q", $"purged {i}", deliveryMode: 2);
        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync(Path("queues", "/", "q", "contents"))).StatusCode);

        await using var second = await first.RestartAsync();

        Assert.Equal(new QueueCounts(0, 0, 0, 0), await second.CreateGuestClient().GetQueueCountsAsync("/", "q"));
    }

    [Fact]
    public async Task PersistentMessagesComeBackInPublishOrderWithTheirProperties()
    {
        await using var first = new MqApiFactory();
        var client = first.CreateGuestClient();
        await client.DeclareQueueAsync("/", "q", durable: true);
        for (var i = 1; i <= 3; i++)
        {
            var published = await client.PostAsJsonAsync(Path("exchanges", "/", "amq.default", "publish"), new
            {
                routing_key = "q",
                payload = $"message {i}",
                payload_encoding = "string",
                properties = new { delivery_mode = 2, content_type = "text/plain", message_id = $"id-{i}", headers = new { attempt = i } },
            });
            Assert.Equal(HttpStatusCode.OK, published.StatusCode);
        }

        await using var second = await first.RestartAsync();

        var messages = await second.CreateGuestClient().GetMessagesAsync("/", "q", "ack_requeue_false", count: 10);
        Assert.Equal(["message 1", "message 2", "message 3"], messages.Select(m => m.GetProperty("payload").GetString()));
        var properties = messages[2].GetProperty("properties");
        Assert.Equal("text/plain", properties.GetProperty("content_type").GetString());
        Assert.Equal("id-3", properties.GetProperty("message_id").GetString());
        Assert.Equal(3, properties.GetProperty("headers").GetProperty("attempt").GetInt32());
        Assert.Equal(2, properties.GetProperty("delivery_mode").GetInt32());
    }

    [Fact]
    public async Task PersistentMessageInANonDurableQueueIsGoneAfterRestart()
    {
        await using var first = new MqApiFactory();
        var client = first.CreateGuestClient();
        await client.DeclareQueueAsync("/", "durable", durable: true);
        await client.DeclareQueueAsync("/", "transient", durable: false);
        await client.BindQueueAsync("/", "amq.fanout", "durable", "");
        await client.BindQueueAsync("/", "amq.fanout", "transient", "");
        await client.PublishAsync("/", "amq.fanout", "", "to both", deliveryMode: 2);

        await using var second = await first.RestartAsync();
        var after = second.CreateGuestClient();

        await AssertErrorAsync(await after.GetAsync(Path("queues", "/", "transient")), HttpStatusCode.NotFound);
        Assert.Equal(1, (await after.GetQueueCountsAsync("/", "durable")).Messages);
    }
}
