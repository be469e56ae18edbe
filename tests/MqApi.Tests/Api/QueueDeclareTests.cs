using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using MqApi.Tests.TestInfrastructure;

namespace MqApi.Tests.Api;

/// <summary>Declaring queues over HTTP: created, equal redeclare, inequivalent redeclare, reserved names.</summary>
public sealed class QueueDeclareTests(MqApiFixture host) : IClassFixture<MqApiFixture>
{
    private const string Declared = """{"durable":true,"arguments":{"x-max-length":10,"x-message-ttl":60000}}""";

    [Fact]
    public async Task FirstDeclareOfAQueueCreatesItWithTheDeclaredFlags()
    {
        var api = await ManagementApiClient.InNewVhostAsync(host.Factory);

        var response = await api.Http.PutAsync(QueuePath(api, "q"), ManagementApiClient.Json(Declared));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var queue = await api.Http.GetFromJsonAsync<JsonElement>(QueuePath(api, "q"));
        Assert.True(queue.GetProperty("durable").GetBoolean());
        Assert.False(queue.GetProperty("auto_delete").GetBoolean());
        Assert.Equal(10, queue.GetProperty("arguments").GetProperty("x-max-length").GetInt32());
    }

    [Theory]
    [InlineData(Declared)]
    [InlineData("""{"durable":"true","auto_delete":false,"arguments":{"x-message-ttl":60000,"x-max-length":10}}""")]
    [InlineData("""{"durable":true,"arguments":{"x-max-length":10,"x-message-ttl":60000},"node":"rabbit@elsewhere"}""")]
    public async Task RedeclaringAQueueAsItIsAnswersNoContent(string redeclare)
    {
        var api = await ManagementApiClient.InNewVhostAsync(host.Factory);
        await ManagementApiClient.EnsureStatusAsync(await api.Http.PutAsync(QueuePath(api, "q"), ManagementApiClient.Json(Declared)), HttpStatusCode.Created);

        var response = await api.Http.PutAsync(QueuePath(api, "q"), ManagementApiClient.Json(redeclare));

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
    }

    [Theory]
    [InlineData("""{"arguments":{"x-max-length":10,"x-message-ttl":60000}}""", "durable")]
    [InlineData("""{"durable":true,"auto_delete":true,"arguments":{"x-max-length":10,"x-message-ttl":60000}}""", "auto_delete")]
    [InlineData("""{"durable":true,"arguments":{"x-max-length":20,"x-message-ttl":60000}}""", "x-max-length")]
    [InlineData("""{"durable":true,"arguments":{"x-max-length":10}}""", "x-message-ttl")]
    [InlineData("""{"durable":true,"arguments":{"x-max-length":10,"x-message-ttl":60000,"x-expires":5000}}""", "x-expires")]
    [InlineData("""{"durable":true}""", "x-max-length")]
    public async Task RedeclaringAQueueWithOtherFlagsOrArgumentsIsRefusedAndLeavesItAsItWas(string redeclare, string field)
    {
        var api = await ManagementApiClient.InNewVhostAsync(host.Factory);
        await ManagementApiClient.EnsureStatusAsync(await api.Http.PutAsync(QueuePath(api, "q"), ManagementApiClient.Json(Declared)), HttpStatusCode.Created);
        await api.PublishAsync("amq.default", "q", "kept");

        var response = await api.Http.PutAsync(QueuePath(api, "q"), ManagementApiClient.Json(redeclare));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var reason = await ManagementApiClient.ReadErrorReasonAsync(response);
        Assert.Contains("inequivalent arg", reason);
        Assert.Contains($"'{field}'", reason);
        var queue = await api.Http.GetFromJsonAsync<JsonElement>(QueuePath(api, "q"));
        Assert.True(queue.GetProperty("durable").GetBoolean());
        Assert.Equal(10, queue.GetProperty("arguments").GetProperty("x-max-length").GetInt32());
        Assert.Equal(["kept"], await api.TakePayloadsAsync("q"));
    }

    [Theory]
    [InlineData("amq.custom")]
    [InlineData("amq.gen-made-up")]
    public async Task DeclaringAQueueWithReservedAmqNameIsRefused(string name)
    {
        var api = await ManagementApiClient.InNewVhostAsync(host.Factory);

        var response = await api.PutQueueAsync(name, new { durable = true });

        Assert.InRange((int)response.StatusCode, 400, 499);
        Assert.NotEqual(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains(name, await ManagementApiClient.ReadErrorReasonAsync(response));
        Assert.Equal(HttpStatusCode.NotFound, (await api.Http.GetAsync(QueuePath(api, name))).StatusCode);
    }

    private static string QueuePath(ManagementApiClient api, string name) => $"/api/queues/{api.VhostSegment}/{Uri.EscapeDataString(name)}";
}
