using System.Net.Http.Json;
using System.Text.Json;
using MqApi.Tests.TestInfrastructure;

namespace MqApi.Tests.Hubs;

public sealed class ConsumerTimeoutTests
{
    [Fact]
    public async Task DeliveryLeftUnackedPastTheConsumerTimeoutGoesBackAndItsConsumerIsCancelled()
    {
        await using var factory = new MqApiFactory(new Dictionary<string, string?> { ["Broker:ConsumerTimeout"] = "00:00:00.300" });
        await using var slow = await TestHubClient.ConnectAsync(factory);
        await slow.DeclareQueueAsync("work", durable: true);
        var tag = await slow.SubscribeAsync("work", prefetch: 1);
        await slow.PublishAsync("", "work", "job");
        var first = await slow.NextDeliveryAsync();

        var cancelled = await slow.NextCancelAsync();

        Assert.Equal(tag, cancelled);
        var rest = factory.CreateGuestClient();
        Assert.True(await RestCalls.EventuallyAsync(async () =>
            (await rest.GetFromJsonAsync<JsonElement>("/api/queues/%2F/work")).GetProperty("messages_ready").GetInt32() == 1));
        var again = Assert.Single(await rest.GetMessagesAsync("work", new { count = 1, ackmode = "ack_requeue_false" }));
        Assert.Equal(first.Payload, again.GetProperty("payload").GetString());
        Assert.True(again.GetProperty("redelivered").GetBoolean());
        await Assert.ThrowsAsync<Microsoft.AspNetCore.SignalR.HubException>(() => slow.AckAsync(first.DeliveryTag));
    }
}
