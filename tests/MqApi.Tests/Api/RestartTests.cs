using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using MqApi.Tests.TestInfrastructure;

namespace MqApi.Tests.Api;

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
}
