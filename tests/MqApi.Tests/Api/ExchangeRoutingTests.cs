using System.Net;
using System.Net.Http.Json;
using MqApi.Tests.TestInfrastructure;

namespace MqApi.Tests.Api;

/// <summary>Direct, fanout and default exchange routing, seen through publish and get over HTTP.</summary>
public sealed class ExchangeRoutingTests(MqApiFixture host) : IClassFixture<MqApiFixture>
{
    [Theory]
    [InlineData("black", new[] { "q-black", "q-both" })]
    [InlineData("white", new[] { "q-white", "q-both" })]
    [InlineData("green", new string[0])]
    [InlineData("", new string[0])]
    [InlineData("Black", new string[0])]
    public async Task PublishToDirectExchangeReachesQueuesBoundWithThatExactKey(string routingKey, string[] expected)
    {
        var api = await ManagementApiClient.InNewVhostAsync(host.Factory);
        await api.DeclareExchangeAsync("colours", "direct");
        await api.DeclareQueuesAsync("q-black", "q-white", "q-both");
        await api.BindQueueAsync("colours", "q-black", "black");
        await api.BindQueueAsync("colours", "q-white", "white");
        await api.BindQueueAsync("colours", "q-both", "black");
        await api.BindQueueAsync("colours", "q-both", "white");

        var routed = await api.PublishAsync("colours", routingKey, "m");

        Assert.Equal(expected.Length > 0, routed);
        Assert.Equal(expected, await api.QueuesHoldingAsync("m", "q-black", "q-white", "q-both"));
    }

    [Fact]
    public async Task PublishToFanoutExchangeReachesEveryBoundQueueWhateverTheKey()
    {
        var api = await ManagementApiClient.InNewVhostAsync(host.Factory);
        await api.DeclareExchangeAsync("news", "fanout");
        await api.DeclareQueuesAsync("q1", "q2", "q3", "unbound");
        await api.BindQueueAsync("news", "q1");
        await api.BindQueueAsync("news", "q2", "some-key");
        await api.BindQueueAsync("news", "q3", "other.key");

        var routed = await api.PublishAsync("news", "no.binding.has.this.key", "m");

        Assert.True(routed);
        Assert.Equal(["q1", "q2", "q3"], await api.QueuesHoldingAsync("m", "q1", "q2", "q3", "unbound"));
    }

    [Fact]
    public async Task PublishToFanoutExchangeWithoutBindingsIsNotRouted()
    {
        var api = await ManagementApiClient.InNewVhostAsync(host.Factory);
        await api.DeclareExchangeAsync("empty-fanout", "fanout");

        var routed = await api.PublishAsync("empty-fanout", "", "m");

        Assert.False(routed);
    }

    [Fact]
    public async Task QueueBoundTwiceToFanoutExchangeGetsOneCopy()
    {
        var api = await ManagementApiClient.InNewVhostAsync(host.Factory);
        await api.DeclareExchangeAsync("twice", "fanout");
        await api.DeclareQueuesAsync("q");
        await api.BindQueueAsync("twice", "q", "one");
        await api.BindQueueAsync("twice", "q", "two");

        await api.PublishAsync("twice", "", "m");

        Assert.Equal(["m"], await api.TakePayloadsAsync("q"));
    }

    [Fact]
    public async Task QueueBoundTwiceToDirectExchangeWithTheSameKeyGetsOneCopy()
    {
        var api = await ManagementApiClient.InNewVhostAsync(host.Factory);
        await api.DeclareExchangeAsync("orders", "direct");
        await api.DeclareQueuesAsync("q");
        await api.BindQueueAsync("orders", "q", "new");
        await api.BindQueueAsync("orders", "q", "new", new Dictionary<string, object> { ["tag"] = "second" });

        await api.PublishAsync("orders", "new", "m");

        Assert.Equal(["m"], await api.TakePayloadsAsync("q"));
    }

    // These two use the default vhost, because the paths under test spell it as %2F; unique queue
    // names keep them apart from other tests on the shared host.
    [Theory]
    [InlineData("/api/exchanges/%2F/amq.default/publish")]
    [InlineData("/api/exchanges/%2F//publish")]
    public async Task PublishToDefaultExchangeReachesOnlyTheQueueNamedByTheRoutingKey(string publishPath)
    {
        var api = ManagementApiClient.InDefaultVhost(host.Factory);
        var (orders, invoices) = ($"orders-{Guid.NewGuid():N}", $"invoices-{Guid.NewGuid():N}");
        await api.DeclareQueuesAsync(orders, invoices);

        var response = await api.Http.PostAsJsonAsync(publishPath, new { routing_key = orders, payload = "m", payload_encoding = "string", properties = new { } });

        Assert.True(await ManagementApiClient.ReadRoutedAsync(response));
        Assert.Equal([orders], await api.QueuesHoldingAsync("m", orders, invoices));
    }

    [Theory]
    [InlineData("/api/exchanges/%2F/amq.default/publish")]
    [InlineData("/api/exchanges/%2F//publish")]
    public async Task PublishToDefaultExchangeWithKeyNamingNoQueueIsNotRouted(string publishPath)
    {
        var api = ManagementApiClient.InDefaultVhost(host.Factory);

        var response = await api.Http.PostAsJsonAsync(publishPath, new { routing_key = $"no-such-queue-{Guid.NewGuid():N}", payload = "m", payload_encoding = "string", properties = new { } });

        Assert.False(await ManagementApiClient.ReadRoutedAsync(response));
    }

    [Fact]
    public async Task PublishToDefaultExchangeOfOneVhostDoesNotReachQueueOfSameNameInAnother()
    {
        var api = await ManagementApiClient.InNewVhostAsync(host.Factory);
        var other = await ManagementApiClient.InNewVhostAsync(host.Factory);
        await api.DeclareQueuesAsync("orders");
        await other.DeclareQueuesAsync("orders");

        var routed = await api.PublishAsync("amq.default", "orders", "m");

        Assert.True(routed);
        Assert.Equal(["m"], await api.TakePayloadsAsync("orders"));
        Assert.Empty(await other.TakePayloadsAsync("orders"));
    }

    [Fact]
    public async Task DefaultExchangeIgnoresBindingsOfOtherExchanges()
    {
        var api = await ManagementApiClient.InNewVhostAsync(host.Factory);
        await api.DeclareQueuesAsync("target", "bystander");
        await api.BindQueueAsync("amq.direct", "bystander", "target");

        var routed = await api.PublishAsync("amq.default", "target", "m");

        Assert.True(routed);
        Assert.Equal(["target"], await api.QueuesHoldingAsync("m", "target", "bystander"));
    }

    [Fact]
    public async Task BindingToTheDefaultExchangeIsRefused()
    {
        var api = await ManagementApiClient.InNewVhostAsync(host.Factory);
        await api.DeclareQueuesAsync("q");

        var response = await api.TryBindQueueAsync("amq.default", "q", "other");

        Assert.InRange((int)response.StatusCode, 400, 499);
        Assert.NotEqual(HttpStatusCode.NotFound, response.StatusCode);
        Assert.False(await api.PublishAsync("amq.default", "other", "m"));
    }
}
