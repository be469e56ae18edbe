using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using MqApi.Tests.TestInfrastructure;

namespace MqApi.Tests.Api;

public sealed class ClientsApiTests(MqApiFixture fixture) : IClassFixture<MqApiFixture>
{
    private MqApiFactory Factory => fixture.Factory;

    [Fact]
    public async Task ConnectionsListsAHubConnectionUntilItCloses()
    {
        var before = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        var client = await TestHubClient.ConnectAsync(Factory);
        var id = client.ConnectionId;

        // The session opens in OnConnectedAsync, which SignalR runs after it answered the handshake.
        await AssertEventually.TrueAsync(async () => (await ConnectionsAsync()).Any(c => c.GetProperty("name").GetString() == id));
        var connection = (await ConnectionsAsync()).Single(c => c.GetProperty("name").GetString() == id);
        await client.DisposeAsync();

        Assert.Equal("guest", connection.GetProperty("user").GetString());
        Assert.Equal(1, connection.GetProperty("channels").GetInt32());
        Assert.Equal("running", connection.GetProperty("state").GetString());
        Assert.Equal("SignalR (WebSockets)", connection.GetProperty("protocol").GetString());
        Assert.Equal("Basic", connection.GetProperty("auth_mechanism").GetString());
        Assert.InRange(connection.GetProperty("connected_at").GetInt64(), before - 1000, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
        Assert.Equal(JsonValueKind.Object, connection.GetProperty("client_properties").ValueKind);
        await AssertEventually.TrueAsync(async () => (await ConnectionsAsync()).All(c => c.GetProperty("name").GetString() != id), "the closed connection is still listed");
    }

    [Fact]
    public async Task ConsumersListsASubscriptionInRabbitMqsShape()
    {
        await using var client = await TestHubClient.ConnectAsync(Factory);
        var queue = MqApiFixture.Unique("listed");
        await client.DeclareQueueAsync(queue);
        var tag = await client.SubscribeAsync(queue, prefetch: 7, exclusive: true);

        var consumer = (await ConsumersAsync("/api/consumers")).Single(c => c.GetProperty("consumer_tag").GetString() == tag);

        Assert.Equal(queue, consumer.GetProperty("queue").GetProperty("name").GetString());
        Assert.Equal("/", consumer.GetProperty("queue").GetProperty("vhost").GetString());
        var channel = consumer.GetProperty("channel_details");
        Assert.Equal(client.ConnectionId, channel.GetProperty("connection_name").GetString());
        Assert.Equal(1, channel.GetProperty("number").GetInt32());
        Assert.Equal("guest", channel.GetProperty("user").GetString());
        Assert.Equal(7, consumer.GetProperty("prefetch_count").GetInt32());
        Assert.True(consumer.GetProperty("ack_required").GetBoolean());
        Assert.True(consumer.GetProperty("exclusive").GetBoolean());
        Assert.True(consumer.GetProperty("active").GetBoolean());
        Assert.Equal(JsonValueKind.Object, consumer.GetProperty("arguments").ValueKind);
    }

    [Fact]
    public async Task ConsumersOfAVhostListOnlyThatVhostsQueues()
    {
        var vhost = MqApiFixture.Unique("vh");
        var guest = Factory.CreateGuestClient();
        Assert.Equal(HttpStatusCode.Created, (await guest.PutAsync($"/api/vhosts/{vhost}", null)).StatusCode);
        await using var client = await TestHubClient.ConnectAsync(Factory);
        var (inDefault, inOther) = (MqApiFixture.Unique("q"), MqApiFixture.Unique("q"));
        await client.DeclareQueueAsync(inDefault);
        await client.DeclareQueueAsync(inOther, vhost: vhost);
        var defaultTag = await client.SubscribeAsync(inDefault, autoAck: true);
        var otherTag = await client.SubscribeAsync(inOther, autoAck: true, vhost: vhost);

        var inVhost = await ConsumersAsync($"/api/consumers/{vhost}");
        var inSlash = await ConsumersAsync("/api/consumers/%2F");

        var only = Assert.Single(inVhost);
        Assert.Equal(otherTag, only.GetProperty("consumer_tag").GetString());
        Assert.False(only.GetProperty("ack_required").GetBoolean());
        Assert.Contains(inSlash, c => c.GetProperty("consumer_tag").GetString() == defaultTag);
        Assert.DoesNotContain(inSlash, c => c.GetProperty("consumer_tag").GetString() == otherTag);
    }

    [Fact]
    public async Task ConsumersOfAMissingVhostIsNotFound()
    {
        var response = await Factory.CreateGuestClient().GetAsync("/api/consumers/no-such-vhost");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task AConsumerWaitingBehindASingleActiveConsumerIsNotActive()
    {
        await using var client = await TestHubClient.ConnectAsync(Factory);
        var queue = MqApiFixture.Unique("sac");
        await client.DeclareQueueAsync(queue, arguments: TestHubClient.Map(("x-single-active-consumer", true)));
        var first = await client.SubscribeAsync(queue);
        var second = await client.SubscribeAsync(queue);

        var consumers = (await ConsumersAsync("/api/consumers")).Where(c => c.GetProperty("queue").GetProperty("name").GetString() == queue)
            .ToDictionary(c => c.GetProperty("consumer_tag").GetString()!, c => (Active: c.GetProperty("active").GetBoolean(), Status: c.GetProperty("activity_status").GetString()));

        Assert.Equal((true, "up"), consumers[first]);
        Assert.Equal((false, "waiting"), consumers[second]);
    }

    private async Task<List<JsonElement>> ConnectionsAsync() =>
        [.. (await Factory.CreateGuestClient().GetFromJsonAsync<JsonElement>("/api/connections")).EnumerateArray()];

    private async Task<List<JsonElement>> ConsumersAsync(string path) =>
        [.. (await Factory.CreateGuestClient().GetFromJsonAsync<JsonElement>(path)).EnumerateArray()];
}
