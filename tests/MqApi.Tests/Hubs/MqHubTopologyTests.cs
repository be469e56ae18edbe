using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR;
using MqApi.Tests.TestInfrastructure;

namespace MqApi.Tests.Hubs;

public sealed class MqHubTopologyTests(MqApiFixture fixture) : IClassFixture<MqApiFixture>
{
    private MqApiFactory Factory => fixture.Factory;

    [Theory]
    [MemberData(nameof(HubProtocols.All), MemberType = typeof(HubProtocols))]
    public async Task DeclareExchangeCreatesItWithItsTypeAndFlags(HubProtocolKind protocol)
    {
        await using var client = await TestHubClient.ConnectAsync(Factory, protocol);
        var name = MqApiFixture.Unique("ex");

        await client.DeclareExchangeAsync(name, "topic", durable: true, autoDelete: false);
        await client.DeclareExchangeAsync(name, "topic", durable: true, autoDelete: false); // same again is fine

        var exchange = await Factory.CreateGuestClient().GetFromJsonAsync<JsonElement>($"/api/exchanges/%2F/{name}");
        Assert.Equal("topic", exchange.GetProperty("type").GetString());
        Assert.True(exchange.GetProperty("durable").GetBoolean());
        Assert.False(exchange.GetProperty("auto_delete").GetBoolean());
    }

    [Theory]
    [MemberData(nameof(HubProtocols.All), MemberType = typeof(HubProtocols))]
    public async Task RedeclaringAnExchangeAsAnotherTypeIsRefused(HubProtocolKind protocol)
    {
        await using var client = await TestHubClient.ConnectAsync(Factory, protocol);
        var name = MqApiFixture.Unique("ex");
        await client.DeclareExchangeAsync(name, "direct");

        var error = await Assert.ThrowsAsync<HubException>(() => client.DeclareExchangeAsync(name, "fanout"));

        Assert.Contains("inequivalent arg 'type'", error.Message);
    }

    [Theory]
    [MemberData(nameof(HubProtocols.All), MemberType = typeof(HubProtocols))]
    public async Task DeclareQueueAnswersItsReadyMessagesAndConsumers(HubProtocolKind protocol)
    {
        await using var client = await TestHubClient.ConnectAsync(Factory, protocol);
        var name = MqApiFixture.Unique("q");

        var created = await client.DeclareQueueAsync(name, durable: true);
        await client.PublishAsync("", name, "one");
        await client.PublishAsync("", name, "two");
        var again = await client.DeclareQueueAsync(name, durable: true);

        Assert.Equal((name, 0, 0), (created.Queue, created.MessageCount, created.ConsumerCount));
        Assert.Equal((name, 2, 0), (again.Queue, again.MessageCount, again.ConsumerCount));
    }

    [Theory]
    [MemberData(nameof(HubProtocols.All), MemberType = typeof(HubProtocols))]
    public async Task EmptyQueueNameMakesAServerNamedQueue(HubProtocolKind protocol)
    {
        await using var client = await TestHubClient.ConnectAsync(Factory, protocol);

        var declared = await client.DeclareQueueAsync("", exclusive: true);

        Assert.StartsWith("amq.gen-", declared.Queue);
        Assert.True(await RestQueues.ExistsAsync(Factory, declared.Queue));
    }

    [Theory]
    [MemberData(nameof(HubProtocols.All), MemberType = typeof(HubProtocols))]
    public async Task ExclusiveQueueIsLockedToItsConnectionAndVanishesWithIt(HubProtocolKind protocol)
    {
        var owner = await TestHubClient.ConnectAsync(Factory, protocol);
        await using var other = await TestHubClient.ConnectAsync(Factory, protocol);
        var name = MqApiFixture.Unique("mine");
        await owner.DeclareQueueAsync(name, exclusive: true);
        await owner.SubscribeAsync(name);

        var locked = await Assert.ThrowsAsync<HubException>(() => other.SubscribeAsync(name));
        var existedWhileOpen = await RestQueues.ExistsAsync(Factory, name);
        await owner.DisposeAsync();

        Assert.Contains($"cannot obtain exclusive access to locked queue '{name}'", locked.Message);
        Assert.True(existedWhileOpen);
        await AssertEventually.TrueAsync(async () => !await RestQueues.ExistsAsync(Factory, name), "the exclusive queue outlived its connection");
    }

    [Theory]
    [MemberData(nameof(HubProtocols.All), MemberType = typeof(HubProtocols))]
    public async Task AutoDeleteQueueVanishesWithItsLastConsumer(HubProtocolKind protocol)
    {
        await using var client = await TestHubClient.ConnectAsync(Factory, protocol);
        var name = MqApiFixture.Unique("transient");
        await client.DeclareQueueAsync(name, autoDelete: true);
        var first = await client.SubscribeAsync(name);
        var second = await client.SubscribeAsync(name);

        await client.UnsubscribeAsync(first);
        var afterFirst = await RestQueues.ExistsAsync(Factory, name);
        await client.UnsubscribeAsync(second);

        Assert.True(afterFirst);
        Assert.False(await RestQueues.ExistsAsync(Factory, name));
    }

    [Theory]
    [MemberData(nameof(HubProtocols.All), MemberType = typeof(HubProtocols))]
    public async Task AutoDeleteQueueVanishesWhenItsLastConsumersConnectionDrops(HubProtocolKind protocol)
    {
        var name = MqApiFixture.Unique("transient");
        var client = await TestHubClient.ConnectAsync(Factory, protocol);
        await client.DeclareQueueAsync(name, autoDelete: true);
        await client.SubscribeAsync(name);

        await client.DisposeAsync();

        await AssertEventually.TrueAsync(async () => !await RestQueues.ExistsAsync(Factory, name), "the auto-delete queue outlived its consumer");
    }

    [Theory]
    [MemberData(nameof(HubProtocols.All), MemberType = typeof(HubProtocols))]
    public async Task BindQueueRoutesMatchingKeysAndUnbindQueueStopsThem(HubProtocolKind protocol)
    {
        await using var client = await TestHubClient.ConnectAsync(Factory, protocol);
        var (exchange, queue) = (MqApiFixture.Unique("logs"), MqApiFixture.Unique("errors"));
        await client.DeclareExchangeAsync(exchange, "topic");
        await client.DeclareQueueAsync(queue);
        await client.BindQueueAsync(queue, exchange, "*.error");
        await client.SubscribeAsync(queue, autoAck: true);

        var matching = await client.PublishAsync(exchange, "disk.error", "full");
        var other = await client.PublishAsync(exchange, "disk.info", "fine");
        var delivery = await client.NextDeliveryAsync();
        await client.UnbindQueueAsync(queue, exchange, "*.error");
        var afterUnbind = await client.PublishAsync(exchange, "disk.error", "again");

        Assert.True(matching.Routed);
        Assert.False(other.Routed);
        Assert.Equal(("full", exchange, "disk.error"), (delivery.Payload, delivery.Exchange, delivery.RoutingKey));
        Assert.False(afterUnbind.Routed);
        await client.AssertNoDeliveryAsync();
    }

    [Theory]
    [MemberData(nameof(HubProtocols.All), MemberType = typeof(HubProtocols))]
    public async Task UnbindingABindingThatDoesNotExistIsAnError(HubProtocolKind protocol)
    {
        await using var client = await TestHubClient.ConnectAsync(Factory, protocol);
        var queue = MqApiFixture.Unique("q");
        await client.DeclareQueueAsync(queue);

        var error = await Assert.ThrowsAsync<HubException>(() => client.UnbindQueueAsync(queue, "amq.direct", "nothing"));

        Assert.Contains("no binding from 'amq.direct'", error.Message);
    }

    [Theory]
    [MemberData(nameof(HubProtocols.All), MemberType = typeof(HubProtocols))]
    public async Task BinaryPayloadArrivesAsBase64AndBase64TextArrivesAsText(HubProtocolKind protocol)
    {
        await using var client = await TestHubClient.ConnectAsync(Factory, protocol);
        var queue = MqApiFixture.Unique("bytes");
        await client.DeclareQueueAsync(queue);
        await client.SubscribeAsync(queue, autoAck: true);
        byte[] binary = [0xff, 0x00, 0xfe, 0x80];

        await client.PublishAsync("", queue, Convert.ToBase64String(binary), payloadEncoding: "base64");
        await client.PublishAsync("", queue, Convert.ToBase64String("héllo"u8), payloadEncoding: "base64");
        var first = await client.NextDeliveryAsync();
        var second = await client.NextDeliveryAsync();

        Assert.Equal("base64", first.PayloadEncoding);
        Assert.Equal(binary, Convert.FromBase64String(first.Payload));
        Assert.Equal(("héllo", "string"), (second.Payload, second.PayloadEncoding));
    }

    [Theory]
    [MemberData(nameof(HubProtocols.All), MemberType = typeof(HubProtocols))]
    public async Task PersistentMessagePublishedOverTheHubIsStoredInADurableQueue(HubProtocolKind protocol)
    {
        await using var client = await TestHubClient.ConnectAsync(Factory, protocol);
        var queue = MqApiFixture.Unique("kept");
        await client.DeclareQueueAsync(queue, durable: true);

        await client.PublishAsync("", queue, "keep me", TestHubClient.Map(("deliveryMode", 2)));

        var get = await Factory.CreateGuestClient().PostAsJsonAsync($"/api/queues/%2F/{queue}/get", new { count = 1, ackmode = "ack_requeue_false", encoding = "auto" });
        Assert.Equal(HttpStatusCode.OK, get.StatusCode);
        var messages = await get.Content.ReadFromJsonAsync<JsonElement>();
        var message = Assert.Single(messages.EnumerateArray());
        Assert.Equal("keep me", message.GetProperty("payload").GetString());
        Assert.Equal(2, message.GetProperty("properties").GetProperty("delivery_mode").GetInt32());
    }
}
