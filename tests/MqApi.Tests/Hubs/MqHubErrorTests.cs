using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using MqApi.Tests.TestInfrastructure;

namespace MqApi.Tests.Hubs;

/// <summary>Bad arguments answer a HubException that names what is wrong, and the connection stays usable.</summary>
public sealed class MqHubErrorTests(MqApiFixture fixture) : IClassFixture<MqApiFixture>
{
    private MqApiFactory Factory => fixture.Factory;

    [Theory]
    [MemberData(nameof(HubProtocols.All), MemberType = typeof(HubProtocols))]
    public async Task NegativePrefetchIsRefused(HubProtocolKind protocol)
    {
        await using var client = await TestHubClient.ConnectAsync(Factory, protocol);
        var queue = MqApiFixture.Unique("q");
        await client.DeclareQueueAsync(queue);

        var error = await Assert.ThrowsAsync<HubException>(() => client.SubscribeAsync(queue, prefetch: -1));

        Assert.Contains("prefetch must be >= 0", error.Message);
        await AssertStillUsableAsync(client);
    }

    [Theory]
    [MemberData(nameof(HubProtocols.All), MemberType = typeof(HubProtocols))]
    public async Task SubscribingToAMissingQueueNamesTheQueueAndVhost(HubProtocolKind protocol)
    {
        await using var client = await TestHubClient.ConnectAsync(Factory, protocol);

        var error = await Assert.ThrowsAsync<HubException>(() => client.SubscribeAsync("x"));

        Assert.Contains("no queue 'x' in vhost '/'", error.Message);
        await AssertStillUsableAsync(client);
    }

    [Theory]
    [MemberData(nameof(HubProtocols.All), MemberType = typeof(HubProtocols))]
    public async Task AMissingVhostIsNamed(HubProtocolKind protocol)
    {
        await using var client = await TestHubClient.ConnectAsync(Factory, protocol);

        var error = await Assert.ThrowsAsync<HubException>(() => client.DeclareQueueAsync("q", vhost: "nowhere"));

        Assert.Contains("no vhost 'nowhere'", error.Message);
        await AssertStillUsableAsync(client);
    }

    [Theory]
    [MemberData(nameof(HubProtocols.All), MemberType = typeof(HubProtocols))]
    public async Task PublishingToAMissingExchangeNamesIt(HubProtocolKind protocol)
    {
        await using var client = await TestHubClient.ConnectAsync(Factory, protocol);

        var error = await Assert.ThrowsAsync<HubException>(() => client.PublishAsync("no-such-exchange", "k", "x"));

        Assert.Contains("no exchange 'no-such-exchange' in vhost '/'", error.Message);
        await AssertStillUsableAsync(client);
    }

    [Theory]
    [MemberData(nameof(HubProtocols.All), MemberType = typeof(HubProtocols))]
    public async Task AckingAnUnknownDeliveryTagIsRefused(HubProtocolKind protocol)
    {
        await using var client = await TestHubClient.ConnectAsync(Factory, protocol);

        var ack = await Assert.ThrowsAsync<HubException>(() => client.AckAsync(42));
        var nack = await Assert.ThrowsAsync<HubException>(() => client.NackAsync(43, multiple: false, requeue: true));
        var reject = await Assert.ThrowsAsync<HubException>(() => client.RejectAsync(44, requeue: false));

        Assert.Contains("unknown delivery tag 42", ack.Message);
        Assert.Contains("unknown delivery tag 43", nack.Message);
        Assert.Contains("unknown delivery tag 44", reject.Message);
        await AssertStillUsableAsync(client);
    }

    [Theory]
    [MemberData(nameof(HubProtocols.All), MemberType = typeof(HubProtocols))]
    public async Task UnsubscribingAnUnknownConsumerTagIsRefused(HubProtocolKind protocol)
    {
        await using var client = await TestHubClient.ConnectAsync(Factory, protocol);

        var error = await Assert.ThrowsAsync<HubException>(() => client.UnsubscribeAsync("ghost"));

        Assert.Contains("no consumer 'ghost' on this connection", error.Message);
        await AssertStillUsableAsync(client);
    }

    [Theory]
    [MemberData(nameof(HubProtocols.All), MemberType = typeof(HubProtocols))]
    public async Task AnOptionOfTheWrongTypeNamesTheArgument(HubProtocolKind protocol)
    {
        await using var client = await TestHubClient.ConnectAsync(Factory, protocol);
        var queue = MqApiFixture.Unique("q");
        await client.DeclareQueueAsync(queue);

        var error = await Assert.ThrowsAsync<HubException>(() =>
            client.InvokeAsync<string>("Subscribe", "/", queue, TestHubClient.Map(("prefetch", "ten"))));

        Assert.Contains("Subscribe(vhost, queue, options): argument 'options' must be a map {prefetch: an integer, autoAck: a boolean,", error.Message);
        if (protocol == HubProtocolKind.Json) Assert.Contains("Path: $.prefetch", error.Message);
        await AssertStillUsableAsync(client);
    }

    [Theory]
    [MemberData(nameof(HubProtocols.All), MemberType = typeof(HubProtocols))]
    public async Task AnArgumentOfTheWrongTypeIsNamed(HubProtocolKind protocol)
    {
        await using var client = await TestHubClient.ConnectAsync(Factory, protocol);

        var error = await Assert.ThrowsAsync<HubException>(() => client.InvokeAsync("Ack", "seven", false));

        Assert.Contains("Ack(deliveryTag, multiple): argument 'deliveryTag' must be an integer", error.Message);
        await AssertStillUsableAsync(client);
    }

    [Theory]
    [MemberData(nameof(HubProtocols.All), MemberType = typeof(HubProtocols))]
    public async Task AMissingArgumentIsReportedWithTheSignature(HubProtocolKind protocol)
    {
        await using var client = await TestHubClient.ConnectAsync(Factory, protocol);

        var error = await Assert.ThrowsAsync<HubException>(() => client.InvokeAsync("Ack", 1L));

        Assert.Contains("Ack(deliveryTag, multiple)", error.Message);
        Assert.Contains("1 argument(s) but target expects 2", error.Message);
        await AssertStillUsableAsync(client);
    }

    [Theory]
    [MemberData(nameof(HubProtocols.All), MemberType = typeof(HubProtocols))]
    public async Task ANullNameIsRefusedAsRequired(HubProtocolKind protocol)
    {
        await using var client = await TestHubClient.ConnectAsync(Factory, protocol);

        var error = await Assert.ThrowsAsync<HubException>(() => client.InvokeAsync<string>("Subscribe", null, "q", TestHubClient.Map()));

        Assert.Contains("vhost is required", error.Message);
        await AssertStillUsableAsync(client);
    }

    [Theory]
    [MemberData(nameof(HubProtocols.All), MemberType = typeof(HubProtocols))]
    public async Task AnUnknownPayloadEncodingOrBadBase64IsRefused(HubProtocolKind protocol)
    {
        await using var client = await TestHubClient.ConnectAsync(Factory, protocol);

        var encoding = await Assert.ThrowsAsync<HubException>(() => client.PublishAsync("amq.direct", "k", "x", payloadEncoding: "hex"));
        var base64 = await Assert.ThrowsAsync<HubException>(() => client.PublishAsync("amq.direct", "k", "not base64!", payloadEncoding: "base64"));

        Assert.Contains("payloadEncoding must be 'string' or 'base64'; got 'hex'", encoding.Message);
        Assert.Contains("payload is not valid base64", base64.Message);
        await AssertStillUsableAsync(client);
    }

    [Theory]
    [MemberData(nameof(HubProtocols.All), MemberType = typeof(HubProtocols))]
    public async Task AnInvalidQueueArgumentIsNamed(HubProtocolKind protocol)
    {
        await using var client = await TestHubClient.ConnectAsync(Factory, protocol);

        var error = await Assert.ThrowsAsync<HubException>(() =>
            client.DeclareQueueAsync(MqApiFixture.Unique("q"), arguments: TestHubClient.Map(("x-max-length", -1))));

        Assert.Contains("invalid arg 'x-max-length'", error.Message);
        await AssertStillUsableAsync(client);
    }

    [Fact]
    public async Task ABinaryHeaderValueIsRefusedOverMessagePack()
    {
        await using var client = await TestHubClient.ConnectAsync(Factory, HubProtocolKind.MessagePack);

        var error = await Assert.ThrowsAsync<HubException>(() =>
            client.PublishAsync("amq.direct", "k", "x", TestHubClient.Map(("headers", TestHubClient.Map(("blob", new byte[] { 1, 2 }))))));

        Assert.Contains("header 'blob' is binary", error.Message);
        await AssertStillUsableAsync(client);
    }

    [Theory]
    [MemberData(nameof(HubProtocols.All), MemberType = typeof(HubProtocols))]
    public async Task AnUnknownMethodIsRefused(HubProtocolKind protocol)
    {
        await using var client = await TestHubClient.ConnectAsync(Factory, protocol);

        var error = await Assert.ThrowsAsync<HubException>(() => client.InvokeAsync("Purge", "/", "q"));

        Assert.Contains("unknown hub method 'Purge'", error.Message);
        await AssertStillUsableAsync(client);
    }

    private async Task AssertStillUsableAsync(TestHubClient client)
    {
        Assert.Equal(HubConnectionState.Connected, client.Connection.State);
        var queue = MqApiFixture.Unique("after-error");
        await client.DeclareQueueAsync(queue);
        await client.SubscribeAsync(queue, autoAck: true);
        await client.PublishAsync("", queue, "still here");
        Assert.Equal("still here", (await client.NextDeliveryAsync()).Payload);
    }
}
