using MqApi.Tests.TestInfrastructure;

namespace MqApi.Tests.Api;

/// <summary>Exchange-to-exchange bindings, alternate exchanges and internal exchanges, over HTTP.</summary>
public sealed class ExchangeBindingRoutingTests(MqApiFixture host) : IClassFixture<MqApiFixture>
{
    [Theory]
    [InlineData("eu.orders", new[] { "q-orders" })]
    [InlineData("us.orders", new string[0])]
    [InlineData("eu.invoices", new string[0])]
    public async Task MessageFollowsExchangeToExchangeBindingThatMatchesItsKey(string routingKey, string[] expected)
    {
        var api = await ManagementApiClient.InNewVhostAsync(host.Factory);
        await api.DeclareExchangeAsync("regions", "topic");
        await api.DeclareExchangeAsync("orders", "direct");
        await api.DeclareQueuesAsync("q-orders");
        await api.BindExchangeAsync("regions", "orders", "eu.*");
        await api.BindQueueAsync("orders", "q-orders", "eu.orders");

        var routed = await api.PublishAsync("regions", routingKey, "m");

        Assert.Equal(expected.Length > 0, routed);
        Assert.Equal(expected, await api.QueuesHoldingAsync("m", "q-orders"));
    }

    [Fact]
    public async Task MessageReachesQueuesOfEveryExchangeInAChainOfBindings()
    {
        var api = await ManagementApiClient.InNewVhostAsync(host.Factory);
        await api.DeclareExchangeAsync("first", "fanout");
        await api.DeclareExchangeAsync("second", "fanout");
        await api.DeclareExchangeAsync("third", "fanout");
        await api.DeclareQueuesAsync("q-first", "q-third");
        await api.BindExchangeAsync("first", "second");
        await api.BindExchangeAsync("second", "third");
        await api.BindQueueAsync("first", "q-first");
        await api.BindQueueAsync("third", "q-third");

        var routed = await api.PublishAsync("first", "", "m");

        Assert.True(routed);
        Assert.Equal(["q-first", "q-third"], await api.QueuesHoldingAsync("m", "q-first", "q-third"));
    }

    [Fact]
    public async Task QueueReachedDirectlyAndThroughAnExchangeBindingGetsOneCopy()
    {
        var api = await ManagementApiClient.InNewVhostAsync(host.Factory);
        await api.DeclareExchangeAsync("front", "topic");
        await api.DeclareExchangeAsync("back", "direct");
        await api.DeclareQueuesAsync("q");
        await api.BindQueueAsync("front", "q", "a.*");
        await api.BindExchangeAsync("front", "back", "#");
        await api.BindQueueAsync("back", "q", "a.b");

        var routed = await api.PublishAsync("front", "a.b", "m");

        Assert.True(routed);
        Assert.Equal(["m"], await api.TakePayloadsAsync("q"));
    }

    [Fact]
    public async Task CycleOfExchangeBindingsDeliversOneCopyToEachQueueAndEnds()
    {
        var api = await ManagementApiClient.InNewVhostAsync(host.Factory);
        await api.DeclareExchangeAsync("ring-a", "fanout");
        await api.DeclareExchangeAsync("ring-b", "fanout");
        await api.DeclareExchangeAsync("ring-c", "fanout");
        await api.BindExchangeAsync("ring-a", "ring-b");
        await api.BindExchangeAsync("ring-b", "ring-c");
        await api.BindExchangeAsync("ring-c", "ring-a");
        await api.DeclareQueuesAsync("q-a", "q-b", "q-everywhere");
        await api.BindQueueAsync("ring-a", "q-a");
        await api.BindQueueAsync("ring-b", "q-b");
        foreach (var exchange in new[] { "ring-a", "ring-b", "ring-c" }) await api.BindQueueAsync(exchange, "q-everywhere");

        // A deadline, not a timing assertion: a routing loop must fail the test instead of hanging it.
        var routed = await api.PublishAsync("ring-b", "", "m").WaitAsync(TestTimeouts.Delivery);

        Assert.True(routed);
        Assert.Equal(["q-a", "q-b", "q-everywhere"], await api.QueuesHoldingAsync("m", "q-a", "q-b", "q-everywhere"));
    }

    [Fact]
    public async Task ExchangeBoundToItselfStillDeliversOnce()
    {
        var api = await ManagementApiClient.InNewVhostAsync(host.Factory);
        await api.DeclareExchangeAsync("self", "fanout");
        await api.BindExchangeAsync("self", "self");
        await api.DeclareQueuesAsync("q");
        await api.BindQueueAsync("self", "q");

        var routed = await api.PublishAsync("self", "", "m").WaitAsync(TestTimeouts.Delivery);

        Assert.True(routed);
        Assert.Equal(["m"], await api.TakePayloadsAsync("q"));
    }

    [Fact]
    public async Task UnroutableMessageGoesToTheAlternateExchangesQueue()
    {
        var api = await ManagementApiClient.InNewVhostAsync(host.Factory);
        await ArrangeAlternateExchangeAsync(api);

        var routed = await api.PublishAsync("main", "unknown-key", "m");

        Assert.True(routed);
        Assert.Equal(["q-unrouted"], await api.QueuesHoldingAsync("m", "q-main", "q-unrouted"));
    }

    [Fact]
    public async Task RoutableMessageDoesNotGoToTheAlternateExchange()
    {
        var api = await ManagementApiClient.InNewVhostAsync(host.Factory);
        await ArrangeAlternateExchangeAsync(api);

        var routed = await api.PublishAsync("main", "known-key", "m");

        Assert.True(routed);
        Assert.Equal(["q-main"], await api.QueuesHoldingAsync("m", "q-main", "q-unrouted"));
    }

    [Fact]
    public async Task UnroutableMessageIsNotRoutedWhenTheAlternateExchangeDoesNotExist()
    {
        var api = await ManagementApiClient.InNewVhostAsync(host.Factory);
        await api.DeclareExchangeAsync("main", "direct", arguments: new Dictionary<string, object> { ["alternate-exchange"] = "missing" });

        var routed = await api.PublishAsync("main", "any", "m");

        Assert.False(routed);
    }

    [Fact]
    public async Task PublishToInternalExchangeIsRefusedAndDeliversNothing()
    {
        var api = await ManagementApiClient.InNewVhostAsync(host.Factory);
        await api.DeclareExchangeAsync("inside", "fanout", isInternal: true);
        await api.DeclareQueuesAsync("q");
        await api.BindQueueAsync("inside", "q");

        var response = await api.TryPublishAsync("inside", "", "m");

        Assert.InRange((int)response.StatusCode, 400, 499);
        Assert.Contains("internal", await ManagementApiClient.ReadErrorReasonAsync(response));
        Assert.Empty(await api.TakePayloadsAsync("q"));
    }

    [Fact]
    public async Task InternalExchangeRoutesWhatReachesItThroughAnExchangeBinding()
    {
        var api = await ManagementApiClient.InNewVhostAsync(host.Factory);
        await api.DeclareExchangeAsync("front", "direct");
        await api.DeclareExchangeAsync("inside", "fanout", isInternal: true);
        await api.DeclareQueuesAsync("q");
        await api.BindExchangeAsync("front", "inside", "in");
        await api.BindQueueAsync("inside", "q");

        var routed = await api.PublishAsync("front", "in", "m");

        Assert.True(routed);
        Assert.Equal(["m"], await api.TakePayloadsAsync("q"));
    }

    [Fact]
    public async Task InternalExchangeServesAsAlternateExchange()
    {
        var api = await ManagementApiClient.InNewVhostAsync(host.Factory);
        await api.DeclareExchangeAsync("inside", "fanout", isInternal: true);
        await api.DeclareExchangeAsync("main", "direct", arguments: new Dictionary<string, object> { ["alternate-exchange"] = "inside" });
        await api.DeclareQueuesAsync("q");
        await api.BindQueueAsync("inside", "q");

        var routed = await api.PublishAsync("main", "nothing-bound", "m");

        Assert.True(routed);
        Assert.Equal(["m"], await api.TakePayloadsAsync("q"));
    }

    /// <summary>"main" (direct, key "known-key" → q-main) with alternate exchange "unrouted" (fanout → q-unrouted).</summary>
    private static async Task ArrangeAlternateExchangeAsync(ManagementApiClient api)
    {
        await api.DeclareExchangeAsync("unrouted", "fanout");
        await api.DeclareExchangeAsync("main", "direct", arguments: new Dictionary<string, object> { ["alternate-exchange"] = "unrouted" });
        await api.DeclareQueuesAsync("q-main", "q-unrouted");
        await api.BindQueueAsync("main", "q-main", "known-key");
        await api.BindQueueAsync("unrouted", "q-unrouted");
    }
}
