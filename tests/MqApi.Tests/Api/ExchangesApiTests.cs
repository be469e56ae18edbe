using System.Net;
using System.Net.Http.Json;
using MqApi.Tests.TestInfrastructure;
using static MqApi.Tests.TestInfrastructure.ApiRequests;

namespace MqApi.Tests.Api;

/// <summary>/api/exchanges: declare, list, delete (with ?if-unused) and publish.</summary>
public sealed class ExchangesApiTests(MqApiFixture fixture) : IClassFixture<MqApiFixture>
{
    private readonly HttpClient _client = fixture.Factory.CreateGuestClient();

    [Fact]
    public async Task NewVhostHasTheDefaultAndPredeclaredExchanges()
    {
        var vhost = await _client.CreateVhostAsync();

        var exchanges = await _client.GetJsonAsync(Path("exchanges", vhost));

        Assert.Equal(
            ["", "amq.direct", "amq.fanout", "amq.headers", "amq.match", "amq.topic"],
            exchanges.EnumerateArray().Select(e => e.GetProperty("name").GetString()).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task DeclaredExchangeIsShownWithItsTypeAndFlags()
    {
        var vhost = await _client.CreateVhostAsync();

        var response = await _client.PutAsJsonAsync(Path("exchanges", vhost, "events"), new { type = "topic", durable = true });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var exchange = await _client.GetJsonAsync(Path("exchanges", vhost, "events"));
        Assert.Equal("topic", exchange.GetProperty("type").GetString());
        Assert.True(exchange.GetProperty("durable").GetBoolean());
        Assert.False(exchange.GetProperty("auto_delete").GetBoolean());
        Assert.False(exchange.GetProperty("internal").GetBoolean());
    }

    [Fact]
    public async Task RedeclaringAnExchangeWithAnotherTypeIsRefusedAsInequivalent()
    {
        var vhost = await _client.CreateVhostAsync();
        await _client.DeclareExchangeAsync(vhost, "events", "topic");

        var response = await _client.PutAsJsonAsync(Path("exchanges", vhost, "events"), new { type = "fanout" });

        Assert.Contains("inequivalent arg", await AssertErrorAsync(response, HttpStatusCode.BadRequest));
    }

    [Fact]
    public async Task DeleteIfUnusedIsRefusedWhileTheExchangeHasBindings()
    {
        var vhost = await _client.CreateVhostAsync();
        await _client.DeclareExchangeAsync(vhost, "events");
        await _client.DeclareQueueAsync(vhost, "q");
        await _client.BindQueueAsync(vhost, "events", "q", "key");

        var response = await _client.DeleteAsync(Path("exchanges", vhost, "events") + "?if-unused=true");

        await AssertErrorAsync(response, HttpStatusCode.BadRequest);
        Assert.Equal(HttpStatusCode.OK, (await _client.GetAsync(Path("exchanges", vhost, "events"))).StatusCode);
    }

    [Fact]
    public async Task DeleteIfUnusedRemovesAnExchangeWithoutBindings()
    {
        var vhost = await _client.CreateVhostAsync();
        await _client.DeclareExchangeAsync(vhost, "events");

        var response = await _client.DeleteAsync(Path("exchanges", vhost, "events") + "?if-unused=true");

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        await AssertErrorAsync(await _client.GetAsync(Path("exchanges", vhost, "events")), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task DeletingAnExchangeWithBindingsRemovesThemToo()
    {
        var vhost = await _client.CreateVhostAsync();
        await _client.DeclareExchangeAsync(vhost, "events");
        await _client.DeclareQueueAsync(vhost, "q");
        await _client.BindQueueAsync(vhost, "events", "q", "key");

        var response = await _client.DeleteAsync(Path("exchanges", vhost, "events"));

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        var bindings = await _client.GetJsonAsync(Path("queues", vhost, "q", "bindings"));
        Assert.Equal([""], bindings.EnumerateArray().Select(b => b.GetProperty("source").GetString()));
    }

    [Theory]
    [InlineData("amq.direct")]
    [InlineData("amq.default")]
    public async Task BrokerOwnedExchangesCannotBeDeleted(string exchange)
    {
        var vhost = await _client.CreateVhostAsync();

        var response = await _client.DeleteAsync(Path("exchanges", vhost, exchange));

        await AssertErrorAsync(response, HttpStatusCode.Forbidden);
        Assert.Equal(HttpStatusCode.OK, (await _client.GetAsync(Path("exchanges", vhost, exchange))).StatusCode);
    }

    [Fact]
    public async Task PublishToAMissingExchangeIsNotFound()
    {
        var vhost = await _client.CreateVhostAsync();

        var response = await _client.PostAsJsonAsync(Path("exchanges", vhost, "missing", "publish"), new { routing_key = "", payload = "", payload_encoding = "string", properties = new { } });

        await AssertErrorAsync(response, HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task PublishThatNoQueueTakesAnswersRoutedFalse()
    {
        var vhost = await _client.CreateVhostAsync();

        var routed = await _client.PublishAsync(vhost, "amq.direct", "nobody-listens", "lost");

        Assert.False(routed);
    }

    [Fact]
    public async Task EmptyPathSegmentNamesTheDefaultExchangeForPublish()
    {
        var vhost = await _client.CreateVhostAsync();
        await _client.DeclareQueueAsync(vhost, "q");

        var response = await _client.PostAsJsonAsync($"/api/exchanges/{Uri.EscapeDataString(vhost)}//publish", new { routing_key = "q", payload = "via //", payload_encoding = "string", properties = new { } });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(1, (await _client.GetQueueCountsAsync(vhost, "q")).Messages);
    }
}
