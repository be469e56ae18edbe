using MqApi.Tests.TestInfrastructure;

namespace MqApi.Tests.Hubs;

/// <summary>
/// One connection may have many invocations in progress (a publish waiting for its commit does not hold
/// back the next); what it sends still takes effect in the order it was sent.
/// </summary>
public sealed class MqHubPipeliningTests(MqApiFixture fixture) : IClassFixture<MqApiFixture>
{
    private MqApiFactory Factory => fixture.Factory;

    [Theory]
    [MemberData(nameof(HubProtocols.All), MemberType = typeof(HubProtocols))]
    public async Task PipelinedPersistentPublishesOfOneConnectionKeepTheirOrderInTheQueue(HubProtocolKind protocol)
    {
        const int count = 300;
        await using var client = await TestHubClient.ConnectAsync(Factory, protocol);
        var queue = MqApiFixture.Unique("pipelined");
        await client.DeclareQueueAsync(queue, durable: true);

        // Sent back to back without waiting, so most of them are in progress together, each waiting for a commit.
        var publishes = Enumerable.Range(0, count)
            .Select(i => client.PublishAsync("", queue, i.ToString(), TestHubClient.Map(("deliveryMode", 2))))
            .ToList();
        var answers = await Task.WhenAll(publishes);

        Assert.All(answers, answer => Assert.True(answer.Routed));
        await client.SubscribeAsync(queue, prefetch: 0, autoAck: true);
        var deliveries = await client.NextDeliveriesAsync(count);
        Assert.Equal(Enumerable.Range(0, count).Select(i => i.ToString()), deliveries.Select(d => d.Payload));
    }

    [Theory]
    [MemberData(nameof(HubProtocols.All), MemberType = typeof(HubProtocols))]
    public async Task APublishSentRightAfterItsQueueDeclarationWithoutWaitingIsRouted(HubProtocolKind protocol)
    {
        await using var client = await TestHubClient.ConnectAsync(Factory, protocol);
        var queue = MqApiFixture.Unique("declared-then-published");

        var declared = client.DeclareQueueAsync(queue, durable: true);
        var published = client.PublishAsync("", queue, "first", TestHubClient.Map(("deliveryMode", 2)));
        await declared;

        Assert.True((await published).Routed);
    }

    [Theory]
    [MemberData(nameof(HubProtocols.All), MemberType = typeof(HubProtocols))]
    public async Task PipelinedAcksSettleEveryDeliveryOnce(HubProtocolKind protocol)
    {
        const int count = 200;
        await using var client = await TestHubClient.ConnectAsync(Factory, protocol);
        var queue = MqApiFixture.Unique("pipelined-acks");
        await client.DeclareQueueAsync(queue, durable: true);
        await Task.WhenAll(Enumerable.Range(0, count).Select(i => client.PublishAsync("", queue, i.ToString(), TestHubClient.Map(("deliveryMode", 2)))));
        await client.SubscribeAsync(queue, prefetch: 50);

        var acks = new List<Task>();
        for (var i = 0; i < count; i++) acks.Add(client.AckAsync((await client.NextDeliveryAsync()).DeliveryTag));
        await Task.WhenAll(acks);

        await client.AssertNoDeliveryAsync();
        var counters = await RestQueues.GetAsync(Factory, queue);
        Assert.Equal((0, 0), (counters.Messages, counters.MessagesUnacknowledged));
    }
}
