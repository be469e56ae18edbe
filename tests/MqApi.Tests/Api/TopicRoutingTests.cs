using MqApi.Tests.TestInfrastructure;

namespace MqApi.Tests.Api;

/// <summary>
/// Topic exchange routing over HTTP, with RabbitMQ's edge cases: words split on '.', an empty key has
/// no words, '*' is exactly one word (possibly empty) and '#' zero or more.
/// </summary>
public sealed class TopicRoutingTests(MqApiFixture host) : IClassFixture<MqApiFixture>
{
    [Theory]
    // '#' alone matches every key, the empty one included.
    [InlineData("#", "", true)]
    [InlineData("#", "a", true)]
    [InlineData("#", "a.b.c", true)]
    [InlineData("#", ".", true)]
    // '#' in the middle swallows zero or more words, but the words around it must still be there.
    [InlineData("a.#.b", "a.b", true)]
    [InlineData("a.#.b", "a.x.b", true)]
    [InlineData("a.#.b", "a.x.y.b", true)]
    [InlineData("a.#.b", "a.b.c", false)]
    [InlineData("a.#.b", "b", false)]
    [InlineData("a.#.b", "a", false)]
    // '#' at either end may match nothing.
    [InlineData("a.#", "a", true)]
    [InlineData("a.#", "a.b.c", true)]
    [InlineData("a.#", "b.a", false)]
    [InlineData("#.a", "a", true)]
    [InlineData("#.a", "x.y.a", true)]
    [InlineData("#.#", "", true)]
    // '*' is exactly one word: not the empty key (no words), but an empty word is a word.
    [InlineData("*", "", false)]
    [InlineData("*", "a", true)]
    [InlineData("*", "a.b", false)]
    [InlineData("*.a", ".a", true)]
    [InlineData("*.a", "a", false)]
    [InlineData("a.*", "a", false)]
    [InlineData("a.*", "a.b", true)]
    [InlineData("a.*", "a.b.c", false)]
    [InlineData("a.*", "a.", true)]
    [InlineData("a.*.c", "a..c", true)]
    // '*' and '#' together: at least one word.
    [InlineData("*.#", "", false)]
    [InlineData("*.#", "a", true)]
    [InlineData("*.#", "a.b.c", true)]
    [InlineData("#.*", "", false)]
    [InlineData("#.*", "a.b", true)]
    [InlineData("a.*.#", "a", false)]
    [InlineData("a.*.#", "a.b", true)]
    // Plain words match exactly, case and all.
    [InlineData("a.b", "a.b", true)]
    [InlineData("a.b", "A.b", false)]
    [InlineData("a.b", "a.b.b", false)]
    [InlineData("a", "a.", false)]
    [InlineData("", "", true)]
    [InlineData("", "a", false)]
    public async Task PublishToTopicExchangeReachesQueueOnlyWhenTheBindingPatternMatches(string pattern, string routingKey, bool matches)
    {
        var api = await ManagementApiClient.InNewVhostAsync(host.Factory);
        await api.DeclareExchangeAsync("topics", "topic");
        await api.DeclareQueuesAsync("q");
        await api.BindQueueAsync("topics", "q", pattern);

        var routed = await api.PublishAsync("topics", routingKey, "m");

        Assert.Equal(matches, routed);
        Assert.Equal(matches ? ["m"] : [], await api.TakePayloadsAsync("q"));
    }

    [Theory]
    [InlineData("con1", new string[0])]
    [InlineData("con1.xxx", new[] { "q-con1" })]
    [InlineData("con2", new[] { "q-con2" })]
    [InlineData("con2.xxx", new[] { "q-con2" })]
    [InlineData("con2.xxx.xxxx", new[] { "q-con2" })]
    public async Task StarAndHashBindingsSplitKeysBetweenTheirQueues(string routingKey, string[] expected)
    {
        var api = await ManagementApiClient.InNewVhostAsync(host.Factory);
        await api.DeclareExchangeAsync("consumers", "topic");
        await api.DeclareQueuesAsync("q-con1", "q-con2");
        await api.BindQueueAsync("consumers", "q-con1", "con1.*");
        await api.BindQueueAsync("consumers", "q-con2", "con2.#");

        var routed = await api.PublishAsync("consumers", routingKey, "m");

        Assert.Equal(expected.Length > 0, routed);
        Assert.Equal(expected, await api.QueuesHoldingAsync("m", "q-con1", "q-con2"));
    }

    [Fact]
    public async Task QueueMatchedBySeveralTopicBindingsGetsOneCopy()
    {
        var api = await ManagementApiClient.InNewVhostAsync(host.Factory);
        await api.DeclareExchangeAsync("topics", "topic");
        await api.DeclareQueuesAsync("q");
        foreach (var pattern in new[] { "#", "a.#", "#.b", "a.*", "*.b", "a.b", "#.#", "a.#.b" })
        {
            await api.BindQueueAsync("topics", "q", pattern);
        }

        var routed = await api.PublishAsync("topics", "a.b", "m");

        Assert.True(routed);
        Assert.Equal(["m"], await api.TakePayloadsAsync("q"));
    }

    [Fact]
    public async Task EachMatchingQueueGetsItsOwnCopyAndOthersNone()
    {
        var api = await ManagementApiClient.InNewVhostAsync(host.Factory);
        await api.DeclareExchangeAsync("logs", "topic");
        await api.DeclareQueuesAsync("q-all", "q-errors", "q-kernel", "q-auth-info");
        await api.BindQueueAsync("logs", "q-all", "#");
        await api.BindQueueAsync("logs", "q-errors", "*.error");
        await api.BindQueueAsync("logs", "q-kernel", "kernel.*");
        await api.BindQueueAsync("logs", "q-auth-info", "auth.info");

        var routed = await api.PublishAsync("logs", "kernel.error", "m");

        Assert.True(routed);
        Assert.Equal(["q-all", "q-errors", "q-kernel"], await api.QueuesHoldingAsync("m", "q-all", "q-errors", "q-kernel", "q-auth-info"));
    }

    [Theory]
    [InlineData("x", true)]
    [InlineData("a", false)]
    public async Task PatternOfManyHashesDoesNotStallAPublishWithALongKey(string lastWord, bool matches)
    {
        var api = await ManagementApiClient.InNewVhostAsync(host.Factory);
        await api.DeclareExchangeAsync("topics", "topic");
        await api.DeclareQueuesAsync("q");
        await api.BindQueueAsync("topics", "q", "#.#.#.#.#.#.#.#.#.#.x");
        var routingKey = string.Join('.', Enumerable.Repeat("a", 100)) + "." + lastWord;

        // A deadline, not a timing assertion: a publish that tries every split of the key among the
        // '#'s would hold the vhost for hours.
        var routed = await api.PublishAsync("topics", routingKey, "m").WaitAsync(TestTimeouts.Delivery);

        Assert.Equal(matches, routed);
        Assert.Equal(matches ? ["m"] : [], await api.TakePayloadsAsync("q"));
    }

    [Fact]
    public async Task UnbindingTopicPatternStopsItsRoutingButKeepsOtherPatterns()
    {
        var api = await ManagementApiClient.InNewVhostAsync(host.Factory);
        await api.DeclareExchangeAsync("topics", "topic");
        await api.DeclareQueuesAsync("q-hash", "q-star");
        await api.BindQueueAsync("topics", "q-hash", "a.#");
        await api.BindQueueAsync("topics", "q-star", "a.*");

        await api.UnbindQueueAsync("topics", "q-hash", "a.#");
        var routed = await api.PublishAsync("topics", "a.b", "m");

        Assert.True(routed);
        Assert.Equal(["q-star"], await api.QueuesHoldingAsync("m", "q-hash", "q-star"));
    }
}
