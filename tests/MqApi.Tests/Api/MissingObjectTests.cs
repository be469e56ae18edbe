using System.Net;
using MqApi.Tests.TestInfrastructure;

namespace MqApi.Tests.Api;

/// <summary>A missing vhost, exchange, queue or binding is a 404 with RabbitMQ's JSON error body, whatever the operation.</summary>
public sealed class MissingObjectTests(MqApiFixture host) : IClassFixture<MqApiFixture>
{
    private const string Publish = """{"routing_key":"q","payload":"m","payload_encoding":"string","properties":{}}""";
    private const string Get = """{"count":1,"ackmode":"ack_requeue_false","encoding":"auto"}""";

    [Theory]
    // A missing vhost ({vhost} is the test's own vhost, which holds a queue "q").
    [InlineData("GET", "/api/vhosts/no-such-vhost", null)]
    [InlineData("GET", "/api/exchanges/no-such-vhost", null)]
    [InlineData("GET", "/api/exchanges/no-such-vhost/amq.direct", null)]
    [InlineData("PUT", "/api/exchanges/no-such-vhost/x", """{"type":"direct"}""")]
    [InlineData("POST", "/api/exchanges/no-such-vhost/amq.default/publish", Publish)]
    [InlineData("GET", "/api/queues/no-such-vhost", null)]
    [InlineData("PUT", "/api/queues/no-such-vhost/q", "{}")]
    [InlineData("POST", "/api/queues/no-such-vhost/q/get", Get)]
    [InlineData("GET", "/api/bindings/no-such-vhost", null)]
    [InlineData("POST", "/api/bindings/no-such-vhost/e/amq.direct/q/q", "{}")]
    // A missing exchange.
    [InlineData("GET", "/api/exchanges/{vhost}/no-such-exchange", null)]
    [InlineData("DELETE", "/api/exchanges/{vhost}/no-such-exchange", null)]
    [InlineData("POST", "/api/exchanges/{vhost}/no-such-exchange/publish", Publish)]
    [InlineData("GET", "/api/exchanges/{vhost}/no-such-exchange/bindings/source", null)]
    [InlineData("GET", "/api/exchanges/{vhost}/no-such-exchange/bindings/destination", null)]
    [InlineData("POST", "/api/bindings/{vhost}/e/no-such-exchange/q/q", "{}")]
    [InlineData("POST", "/api/bindings/{vhost}/e/no-such-exchange/e/amq.fanout", "{}")]
    [InlineData("POST", "/api/bindings/{vhost}/e/amq.fanout/e/no-such-exchange", "{}")]
    // A missing queue.
    [InlineData("GET", "/api/queues/{vhost}/no-such-queue", null)]
    [InlineData("DELETE", "/api/queues/{vhost}/no-such-queue", null)]
    [InlineData("POST", "/api/queues/{vhost}/no-such-queue/get", Get)]
    [InlineData("DELETE", "/api/queues/{vhost}/no-such-queue/contents", null)]
    [InlineData("GET", "/api/queues/{vhost}/no-such-queue/bindings", null)]
    [InlineData("POST", "/api/bindings/{vhost}/e/amq.direct/q/no-such-queue", "{}")]
    [InlineData("GET", "/api/bindings/{vhost}/e/amq.direct/q/no-such-queue", null)]
    // A missing binding between objects that exist.
    [InlineData("GET", "/api/bindings/{vhost}/e/amq.direct/q/q/no-such-key", null)]
    [InlineData("DELETE", "/api/bindings/{vhost}/e/amq.direct/q/q/no-such-key", null)]
    public async Task OperationOnAMissingObjectAnswersNotFoundWithAJsonError(string method, string path, string? body)
    {
        var api = await ManagementApiClient.InNewVhostAsync(host.Factory);
        await api.DeclareQueuesAsync("q");
        var request = new HttpRequestMessage(new HttpMethod(method), path.Replace("{vhost}", api.VhostSegment, StringComparison.Ordinal))
        {
            Content = body is null ? null : ManagementApiClient.Json(body),
        };

        var response = await api.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.NotEmpty(await ManagementApiClient.ReadErrorReasonAsync(response));
    }

    [Fact]
    public async Task PublishToAMissingExchangeNamesItAndDeliversNothing()
    {
        var api = await ManagementApiClient.InNewVhostAsync(host.Factory);
        await api.DeclareQueuesAsync("q");

        var response = await api.TryPublishAsync("no-such-exchange", "q", "m");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("no-such-exchange", await ManagementApiClient.ReadErrorReasonAsync(response));
        Assert.Empty(await api.TakePayloadsAsync("q"));
    }

    [Fact]
    public async Task PublishToAnExchangeOfAnotherVhostIsNotFound()
    {
        var api = await ManagementApiClient.InNewVhostAsync(host.Factory);
        var other = await ManagementApiClient.InNewVhostAsync(host.Factory);
        await other.DeclareExchangeAsync("only-there", "fanout");

        var response = await api.TryPublishAsync("only-there", "", "m");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        await ManagementApiClient.ReadErrorReasonAsync(response);
    }

    [Fact]
    public async Task PublishToADeletedExchangeIsNotFound()
    {
        var api = await ManagementApiClient.InNewVhostAsync(host.Factory);
        await api.DeclareExchangeAsync("gone", "fanout");
        await ManagementApiClient.EnsureStatusAsync(await api.Http.DeleteAsync($"/api/exchanges/{api.VhostSegment}/gone"), HttpStatusCode.NoContent);

        var response = await api.TryPublishAsync("gone", "", "m");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        await ManagementApiClient.ReadErrorReasonAsync(response);
    }
}
