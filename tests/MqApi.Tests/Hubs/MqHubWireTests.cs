using System.Net.Http.Json;
using System.Text.Json;
using System.Threading.Channels;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;
using MqApi.Tests.TestInfrastructure;

namespace MqApi.Tests.Hubs;

/// <summary>What goes over the wire: key names, header values and payloads, in both protocols and both transports.</summary>
public sealed class MqHubWireTests(MqApiFixture fixture) : IClassFixture<MqApiFixture>
{
    private static readonly string[] DeliveryKeys = ["consumerTag", "deliveryTag", "redelivered", "exchange", "routingKey", "properties", "payload", "payloadEncoding"];
    private static readonly string[] PropertyKeys = ["contentType", "contentEncoding", "deliveryMode", "priority", "correlationId", "replyTo", "expiration", "messageId", "timestamp", "type", "userId", "appId", "headers"];

    private MqApiFactory Factory => fixture.Factory;

    [Fact]
    public async Task JsonDeliveryUsesCamelCaseKeys()
    {
        var queue = MqApiFixture.Unique("raw");
        await using var publisher = await TestHubClient.ConnectAsync(Factory);
        await publisher.DeclareQueueAsync(queue);
        await using var raw = TestHubClient.Build(Factory, HubProtocolKind.Json, HttpTransportType.WebSockets, "guest", "guest");
        var received = Channel.CreateUnbounded<JsonElement>();
        raw.On<JsonElement>("Deliver", message => received.Writer.TryWrite(message));
        await raw.StartAsync().WaitAsync(TestTimeouts.Delivery);
        await raw.InvokeAsync<string>("Subscribe", "/", queue, TestHubClient.Map(("prefetch", 1), ("autoAck", true))).WaitAsync(TestTimeouts.Delivery);

        await publisher.PublishAsync("", queue, "x", TestHubClient.Map(("headers", TestHubClient.Map(("Mixed-Case", "kept")))));
        using var deadline = new CancellationTokenSource(TestTimeouts.Delivery);
        var delivery = await received.Reader.ReadAsync(deadline.Token);

        Assert.Equal(DeliveryKeys, delivery.EnumerateObject().Select(p => p.Name));
        var properties = delivery.GetProperty("properties");
        Assert.Equal(PropertyKeys, properties.EnumerateObject().Select(p => p.Name));
        Assert.Equal(["Mixed-Case", "x-delivery-count"], properties.GetProperty("headers").EnumerateObject().Select(p => p.Name).Order());
    }

    [Fact]
    public async Task MessagePackDeliveryUsesCamelCaseKeys()
    {
        var queue = MqApiFixture.Unique("raw");
        await using var publisher = await TestHubClient.ConnectAsync(Factory);
        await publisher.DeclareQueueAsync(queue);
        await using var raw = TestHubClient.Build(Factory, HubProtocolKind.MessagePack, HttpTransportType.WebSockets, "guest", "guest");
        var received = Channel.CreateUnbounded<Dictionary<string, object?>>();
        raw.On<Dictionary<string, object?>>("Deliver", message => received.Writer.TryWrite(message));
        await raw.StartAsync().WaitAsync(TestTimeouts.Delivery);
        await raw.InvokeAsync<string>("Subscribe", "/", queue, TestHubClient.Map(("prefetch", 1), ("autoAck", true))).WaitAsync(TestTimeouts.Delivery);

        await publisher.PublishAsync("", queue, "x");
        using var deadline = new CancellationTokenSource(TestTimeouts.Delivery);
        var delivery = await received.Reader.ReadAsync(deadline.Token);

        Assert.Equal(DeliveryKeys, delivery.Keys);
        var properties = Assert.IsType<Dictionary<object, object?>>(delivery["properties"]);
        Assert.Equal(PropertyKeys, properties.Keys.Cast<string>());
    }

    [Theory]
    [MemberData(nameof(HubProtocols.All), MemberType = typeof(HubProtocols))]
    public async Task HeadersOfPrimitiveValuesListsAndTablesRoundTrip(HubProtocolKind protocol)
    {
        await using var client = await TestHubClient.ConnectAsync(Factory, protocol);
        var queue = MqApiFixture.Unique("headers");
        await client.DeclareQueueAsync(queue);
        await client.SubscribeAsync(queue, autoAck: true);
        var headers = new Dictionary<string, object?>
        {
            ["text"] = "héllo",
            ["small"] = 7,
            ["negative"] = -300,
            ["big"] = 1L << 40,
            ["fraction"] = 2.5,
            ["yes"] = true,
            ["no"] = false,
            ["nothing"] = null,
            ["list"] = new object?[] { 1, "two", true },
            ["table"] = new Dictionary<string, object?> { ["inner"] = 1, ["deeper"] = new Dictionary<string, object?> { ["name"] = "x" } },
        };

        await client.PublishAsync("", queue, "h", TestHubClient.Map(("headers", headers), ("correlationId", "c-9"), ("timestamp", 1_700_000_000L), ("priority", 3)));
        var delivery = await client.NextDeliveryAsync();

        var expected = new Dictionary<string, object?>(headers) { ["x-delivery-count"] = 0 };
        Assert.Equal(WireValues.Canonical(expected), WireValues.Canonical(delivery.Properties.Headers));
        Assert.Equal(("c-9", 1_700_000_000L, 3), (delivery.Properties.CorrelationId, delivery.Properties.Timestamp, delivery.Properties.Priority));
    }

    [Theory]
    [InlineData(HubProtocolKind.Json, HttpTransportType.WebSockets)]
    [InlineData(HubProtocolKind.MessagePack, HttpTransportType.WebSockets)]
    [InlineData(HubProtocolKind.Json, HttpTransportType.LongPolling)]
    [InlineData(HubProtocolKind.MessagePack, HttpTransportType.LongPolling)]
    public async Task TutorialFlowDeclaresBindsSubscribesReceivesAndAcks(HubProtocolKind protocol, HttpTransportType transport)
    {
        await using var client = await TestHubClient.ConnectAsync(Factory, protocol, transport);
        var exchange = MqApiFixture.Unique("logs");

        await client.DeclareExchangeAsync(exchange, "fanout");
        var queue = (await client.DeclareQueueAsync("", exclusive: true)).Queue;
        await client.BindQueueAsync(queue, exchange, "");
        var tag = await client.SubscribeAsync(queue, prefetch: 1);
        var published = await client.PublishAsync(exchange, "", "Hello World!");
        var delivery = await client.NextDeliveryAsync();
        await client.AckAsync(delivery.DeliveryTag);

        Assert.True(published.Routed);
        Assert.Equal((tag, "Hello World!", exchange), (delivery.ConsumerTag, delivery.Payload, delivery.Exchange));
        var counters = await RestQueues.GetAsync(Factory, queue);
        Assert.Equal((0, 1), (counters.Messages, counters.Consumers));
        var consumers = await Factory.CreateGuestClient().GetFromJsonAsync<JsonElement>("/api/consumers/%2F");
        Assert.Contains(consumers.EnumerateArray(), c =>
            c.GetProperty("consumer_tag").GetString() == tag && c.GetProperty("queue").GetProperty("name").GetString() == queue);
    }
}
