using System.Net;
using System.Text.Json;
using MqApi.Tests.TestInfrastructure;

namespace MqApi.Tests.Api;

/// <summary>
/// Headers exchange routing over HTTP: binding arguments against message headers by <c>x-match</c>.
/// <c>all</c> and <c>any</c> ignore binding arguments starting with <c>x-</c>; <c>all-with-x</c> and
/// <c>any-with-x</c> compare them too.
/// </summary>
public sealed class HeadersRoutingTests(MqApiFixture host) : IClassFixture<MqApiFixture>
{
    [Theory]
    // all: every compared argument must be present with an equal value; extra headers do not matter.
    [InlineData("""{"x-match":"all","format":"pdf","type":"report"}""", """{"format":"pdf","type":"report"}""", true)]
    [InlineData("""{"x-match":"all","format":"pdf","type":"report"}""", """{"format":"pdf","type":"report","extra":1}""", true)]
    [InlineData("""{"x-match":"all","format":"pdf","type":"report"}""", """{"format":"pdf"}""", false)]
    [InlineData("""{"x-match":"all","format":"pdf","type":"report"}""", """{"format":"pdf","type":"log"}""", false)]
    [InlineData("""{"x-match":"all","format":"pdf"}""", null, false)]
    // No x-match means all.
    [InlineData("""{"format":"pdf","size":5}""", """{"format":"pdf","size":5}""", true)]
    [InlineData("""{"format":"pdf","size":5}""", """{"format":"pdf","size":6}""", false)]
    // Values compare with their types: the number 5 is not the string "5".
    [InlineData("""{"size":5}""", """{"size":"5"}""", false)]
    [InlineData("""{"urgent":true}""", """{"urgent":true}""", true)]
    [InlineData("""{"urgent":true}""", """{"urgent":false}""", false)]
    // all over nothing to compare matches every message; any over nothing matches none.
    [InlineData("""{"x-match":"all"}""", null, true)]
    [InlineData("""{"x-match":"any"}""", """{"format":"pdf"}""", false)]
    // any: one compared argument present with an equal value is enough.
    [InlineData("""{"x-match":"any","format":"pdf","type":"report"}""", """{"type":"report"}""", true)]
    [InlineData("""{"x-match":"any","format":"pdf","type":"report"}""", """{"format":"zip","type":"log"}""", false)]
    [InlineData("""{"x-match":"any","format":"pdf","type":"report"}""", null, false)]
    // A null (void) binding value matches the header's presence, whatever its value.
    [InlineData("""{"x-match":"all","trace":null}""", """{"trace":"anything"}""", true)]
    [InlineData("""{"x-match":"all","trace":null}""", """{"other":"anything"}""", false)]
    // all and any skip x- arguments, on the binding's side: they neither help nor hinder.
    [InlineData("""{"x-match":"all","format":"pdf","x-tenant":"t1"}""", """{"format":"pdf"}""", true)]
    [InlineData("""{"x-match":"all","format":"pdf","x-tenant":"t1"}""", """{"format":"pdf","x-tenant":"t2"}""", true)]
    [InlineData("""{"x-match":"any","x-tenant":"t1"}""", """{"x-tenant":"t1"}""", false)]
    [InlineData("""{"x-match":"any","format":"pdf","x-tenant":"t1"}""", """{"x-tenant":"t1"}""", false)]
    // all-with-x and any-with-x compare x- arguments like any other (x-match itself aside).
    [InlineData("""{"x-match":"all-with-x","format":"pdf","x-tenant":"t1"}""", """{"format":"pdf","x-tenant":"t1"}""", true)]
    [InlineData("""{"x-match":"all-with-x","format":"pdf","x-tenant":"t1"}""", """{"format":"pdf"}""", false)]
    [InlineData("""{"x-match":"all-with-x","format":"pdf","x-tenant":"t1"}""", """{"format":"pdf","x-tenant":"t2"}""", false)]
    [InlineData("""{"x-match":"any-with-x","x-tenant":"t1"}""", """{"x-tenant":"t1"}""", true)]
    [InlineData("""{"x-match":"any-with-x","x-tenant":"t1"}""", """{"x-tenant":"t2"}""", false)]
    [InlineData("""{"x-match":"any-with-x","format":"pdf","x-tenant":"t1"}""", """{"format":"pdf"}""", true)]
    public async Task PublishToHeadersExchangeReachesQueueOnlyWhenHeadersMatchTheBinding(string bindingArguments, string? headers, bool matches)
    {
        var api = await ManagementApiClient.InNewVhostAsync(host.Factory);
        await api.DeclareExchangeAsync("by-headers", "headers");
        await api.DeclareQueuesAsync("q");
        await api.BindQueueAsync("by-headers", "q", "", Table(bindingArguments));

        var routed = await api.PublishAsync("by-headers", "", "m", headers is null ? null : Table(headers));

        Assert.Equal(matches, routed);
        Assert.Equal(matches ? ["m"] : [], await api.TakePayloadsAsync("q"));
    }

    [Fact]
    public async Task HeadersExchangeIgnoresTheRoutingKey()
    {
        var api = await ManagementApiClient.InNewVhostAsync(host.Factory);
        await api.DeclareExchangeAsync("by-headers", "headers");
        await api.DeclareQueuesAsync("q");
        await api.BindQueueAsync("by-headers", "q", "binding-key", Table("""{"format":"pdf"}"""));

        var routed = await api.PublishAsync("by-headers", "another-key", "m", Table("""{"format":"pdf"}"""));

        Assert.True(routed);
        Assert.Equal(["m"], await api.TakePayloadsAsync("q"));
    }

    [Fact]
    public async Task EachQueueWhoseBindingMatchesGetsOneCopy()
    {
        var api = await ManagementApiClient.InNewVhostAsync(host.Factory);
        await api.DeclareExchangeAsync("by-headers", "headers");
        await api.DeclareQueuesAsync("q-pdf", "q-report", "q-zip");
        await api.BindQueueAsync("by-headers", "q-pdf", "", Table("""{"format":"pdf"}"""));
        await api.BindQueueAsync("by-headers", "q-pdf", "", Table("""{"x-match":"any","format":"pdf","type":"log"}"""));
        await api.BindQueueAsync("by-headers", "q-report", "", Table("""{"x-match":"any","type":"report"}"""));
        await api.BindQueueAsync("by-headers", "q-zip", "", Table("""{"format":"zip"}"""));

        var routed = await api.PublishAsync("by-headers", "", "m", Table("""{"format":"pdf","type":"report"}"""));

        Assert.True(routed);
        Assert.Equal(["q-pdf", "q-report"], await api.QueuesHoldingAsync("m", "q-pdf", "q-report", "q-zip"));
    }

    [Theory]
    [InlineData("amq.match")]
    [InlineData("amq.headers")]
    public async Task PredeclaredHeadersExchangesRouteByHeaders(string exchange)
    {
        var api = await ManagementApiClient.InNewVhostAsync(host.Factory);
        await api.DeclareQueuesAsync("q");
        await api.BindQueueAsync(exchange, "q", "", Table("""{"format":"pdf"}"""));

        var routed = await api.PublishAsync(exchange, "", "m", Table("""{"format":"pdf"}"""));

        Assert.True(routed);
        Assert.Equal(["m"], await api.TakePayloadsAsync("q"));
    }

    [Theory]
    [InlineData("""{"x-match":"some"}""")]
    [InlineData("""{"x-match":"ALL"}""")]
    [InlineData("""{"x-match":""}""")]
    [InlineData("""{"x-match":1}""")]
    [InlineData("""{"x-match":null}""")]
    public async Task BindingWithBadXMatchValueIsRefused(string bindingArguments)
    {
        var api = await ManagementApiClient.InNewVhostAsync(host.Factory);
        await api.DeclareExchangeAsync("by-headers", "headers");
        await api.DeclareQueuesAsync("q");

        var response = await api.TryBindQueueAsync("by-headers", "q", "", Table(bindingArguments));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("x-match", await ManagementApiClient.ReadErrorReasonAsync(response));
        Assert.False(await api.PublishAsync("by-headers", "", "m"));
    }

    private static Dictionary<string, JsonElement> Table(string json) =>
        JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(json) ?? [];
}
