using MqApi.Tests.TestInfrastructure;

namespace MqApi.Tests.Hubs;

public sealed class MqHubConsumingTests(MqApiFixture fixture) : IClassFixture<MqApiFixture>
{
    private MqApiFactory Factory => fixture.Factory;

    [Theory]
    [MemberData(nameof(HubProtocols.All), MemberType = typeof(HubProtocols))]
    public async Task SubscriberReceivesPublishedMessageWithItsTagAndProperties(HubProtocolKind protocol)
    {
        await using var client = await TestHubClient.ConnectAsync(Factory, protocol);
        var queue = MqApiFixture.Unique("orders");
        await client.DeclareQueueAsync(queue);
        var tag = await client.SubscribeAsync(queue, prefetch: 10, consumerTag: "my-consumer");

        var published = await client.PublishAsync("", queue, "hello", TestHubClient.Map(("contentType", "text/plain"), ("messageId", "m-1"), ("deliveryMode", 2)));
        var delivery = await client.NextDeliveryAsync();

        Assert.Equal("my-consumer", tag);
        Assert.True(published.Routed);
        Assert.False(published.Duplicate);
        Assert.Equal("my-consumer", delivery.ConsumerTag);
        Assert.True(delivery.DeliveryTag > 0);
        Assert.False(delivery.Redelivered);
        Assert.Equal("", delivery.Exchange);
        Assert.Equal(queue, delivery.RoutingKey);
        Assert.Equal(("hello", "string"), (delivery.Payload, delivery.PayloadEncoding));
        Assert.Equal(("text/plain", "m-1", 2), (delivery.Properties.ContentType, delivery.Properties.MessageId, delivery.Properties.DeliveryMode));
        Assert.Equal(0, delivery.DeliveryCount);
    }

    [Theory]
    [MemberData(nameof(HubProtocols.All), MemberType = typeof(HubProtocols))]
    public async Task EmptyConsumerTagGetsAServerMadeOne(HubProtocolKind protocol)
    {
        await using var client = await TestHubClient.ConnectAsync(Factory, protocol);
        var queue = MqApiFixture.Unique("q");
        await client.DeclareQueueAsync(queue);

        var tag = await client.SubscribeAsync(queue);

        Assert.StartsWith("amq.ctag-", tag);
    }

    [Theory]
    [MemberData(nameof(HubProtocols.All), MemberType = typeof(HubProtocols))]
    public async Task DeliveryTagsIncreaseAcrossSubscriptionsOfOneConnection(HubProtocolKind protocol)
    {
        await using var client = await TestHubClient.ConnectAsync(Factory, protocol);
        var (first, second) = (MqApiFixture.Unique("a"), MqApiFixture.Unique("b"));
        await client.DeclareQueueAsync(first);
        await client.DeclareQueueAsync(second);
        await client.SubscribeAsync(first);
        await client.SubscribeAsync(second);

        await client.PublishAsync("", first, "1");
        var one = await client.NextDeliveryAsync();
        await client.PublishAsync("", second, "2");
        var two = await client.NextDeliveryAsync();
        await client.PublishAsync("", first, "3");
        var three = await client.NextDeliveryAsync();

        Assert.True(one.DeliveryTag < two.DeliveryTag && two.DeliveryTag < three.DeliveryTag);
    }

    [Theory]
    [MemberData(nameof(HubProtocols.All), MemberType = typeof(HubProtocols))]
    public async Task ConsumerWithPrefetchTenThatAcksNothingReceivesExactlyTenAndTheEleventhAfterOneAck(HubProtocolKind protocol)
    {
        await using var client = await TestHubClient.ConnectAsync(Factory, protocol);
        var queue = MqApiFixture.Unique("prefetch");
        await client.DeclareQueueAsync(queue);
        for (var i = 0; i < 20; i++) await client.PublishAsync("", queue, $"m{i}");
        await client.SubscribeAsync(queue, prefetch: 10);

        var first = await client.NextDeliveriesAsync(10);
        await client.AssertNoDeliveryAsync();
        await client.AckAsync(first[0].DeliveryTag);
        var eleventh = await client.NextDeliveryAsync();

        Assert.Equal(Enumerable.Range(0, 10).Select(i => $"m{i}"), first.Select(d => d.Payload));
        Assert.Equal("m10", eleventh.Payload);
        await client.AssertNoDeliveryAsync();
    }

    [Theory]
    [MemberData(nameof(HubProtocols.All), MemberType = typeof(HubProtocols))]
    public async Task UnackedDeliveriesOfADroppedConnectionGoToAnotherConsumerAsRedelivered(HubProtocolKind protocol)
    {
        var queue = MqApiFixture.Unique("dropped");
        await using var survivor = await TestHubClient.ConnectAsync(Factory, protocol);
        await survivor.DeclareQueueAsync(queue);
        var dropped = await TestHubClient.ConnectAsync(Factory, protocol);
        await dropped.SubscribeAsync(queue, prefetch: 3);
        for (var i = 0; i < 3; i++) await survivor.PublishAsync("", queue, $"m{i}");
        var received = await dropped.NextDeliveriesAsync(3);

        await dropped.DisposeAsync(); // gone without unsubscribing or acking
        await survivor.SubscribeAsync(queue);
        var redelivered = await survivor.NextDeliveriesAsync(3);

        Assert.All(received, d => Assert.False(d.Redelivered));
        Assert.Equal(["m0", "m1", "m2"], redelivered.Select(d => d.Payload));
        Assert.All(redelivered, d => Assert.True(d.Redelivered));
        Assert.All(redelivered, d => Assert.Equal(1, d.DeliveryCount));
    }

    [Theory]
    [MemberData(nameof(HubProtocols.All), MemberType = typeof(HubProtocols))]
    public async Task TwoCompetingConsumersShareTheMessagesEachAckedExactlyOnce(HubProtocolKind protocol)
    {
        const int count = 100;
        var queue = MqApiFixture.Unique("work");
        await using var a = await TestHubClient.ConnectAsync(Factory, protocol);
        await using var b = await TestHubClient.ConnectAsync(Factory, protocol);
        await a.DeclareQueueAsync(queue);
        await a.SubscribeAsync(queue, prefetch: 5);
        await b.SubscribeAsync(queue, prefetch: 5);

        for (var i = 0; i < count; i++) await a.PublishAsync("", queue, $"m{i}");
        var remaining = count;
        using var done = new CancellationTokenSource();
        async Task<List<string>> ConsumeAsync(TestHubClient client)
        {
            var payloads = new List<string>();
            while (Volatile.Read(ref remaining) > 0)
            {
                WireDelivery delivery;
                try
                {
                    delivery = await client.NextDeliveryAsync().WaitAsync(done.Token);
                }
                catch (OperationCanceledException)
                {
                    break; // the other consumer took the last one
                }
                await client.AckAsync(delivery.DeliveryTag);
                payloads.Add(delivery.Payload);
                if (Interlocked.Decrement(ref remaining) == 0) await done.CancelAsync();
            }
            return payloads;
        }
        var results = await Task.WhenAll(ConsumeAsync(a), ConsumeAsync(b));

        Assert.NotEmpty(results[0]);
        Assert.NotEmpty(results[1]);
        Assert.Empty(results[0].Intersect(results[1]));
        Assert.Equal(Enumerable.Range(0, count).Select(i => $"m{i}").Order(), results[0].Concat(results[1]).Order());
        var counters = await RestQueues.GetAsync(Factory, queue);
        Assert.Equal((0, 0), (counters.MessagesReady, counters.MessagesUnacknowledged));
        await a.AssertNoDeliveryAsync();
        await b.AssertNoDeliveryAsync();
    }

    [Theory]
    [MemberData(nameof(HubProtocols.All), MemberType = typeof(HubProtocols))]
    public async Task FanoutExchangeGivesEverySubscriberEveryMessage(HubProtocolKind protocol)
    {
        var exchange = MqApiFixture.Unique("news");
        var subscribers = new List<TestHubClient>();
        try
        {
            for (var i = 0; i < 3; i++)
            {
                var subscriber = await TestHubClient.ConnectAsync(Factory, protocol);
                subscribers.Add(subscriber);
                await subscriber.DeclareExchangeAsync(exchange, "fanout");
                var queue = await subscriber.DeclareQueueAsync("", exclusive: true);
                await subscriber.BindQueueAsync(queue.Queue, exchange, "");
                await subscriber.SubscribeAsync(queue.Queue, autoAck: true);
            }

            for (var i = 0; i < 5; i++) await subscribers[0].PublishAsync(exchange, "ignored", $"n{i}");

            foreach (var subscriber in subscribers)
            {
                var received = await subscriber.NextDeliveriesAsync(5);
                Assert.Equal(Enumerable.Range(0, 5).Select(i => $"n{i}"), received.Select(d => d.Payload));
                Assert.All(received, d => Assert.Equal(exchange, d.Exchange));
            }
        }
        finally
        {
            foreach (var subscriber in subscribers) await subscriber.DisposeAsync();
        }
    }

    [Theory]
    [MemberData(nameof(HubProtocols.All), MemberType = typeof(HubProtocols))]
    public async Task AckWithMultipleSettlesEveryDeliveryUpToTheTag(HubProtocolKind protocol)
    {
        await using var client = await TestHubClient.ConnectAsync(Factory, protocol);
        var queue = MqApiFixture.Unique("multi");
        await client.DeclareQueueAsync(queue);
        await client.SubscribeAsync(queue);
        for (var i = 0; i < 5; i++) await client.PublishAsync("", queue, $"m{i}");
        var received = await client.NextDeliveriesAsync(5);

        await client.AckAsync(received[3].DeliveryTag, multiple: true);

        var counters = await RestQueues.GetAsync(Factory, queue);
        Assert.Equal((0, 1), (counters.MessagesReady, counters.MessagesUnacknowledged));
        var again = await Assert.ThrowsAsync<Microsoft.AspNetCore.SignalR.HubException>(() => client.AckAsync(received[2].DeliveryTag));
        Assert.Contains($"unknown delivery tag {received[2].DeliveryTag}", again.Message);
        await client.AckAsync(received[4].DeliveryTag);
        Assert.Equal(0, (await RestQueues.GetAsync(Factory, queue)).Messages);
    }

    [Theory]
    [MemberData(nameof(HubProtocols.All), MemberType = typeof(HubProtocols))]
    public async Task NackWithRequeueRedeliversTheMessage(HubProtocolKind protocol)
    {
        await using var client = await TestHubClient.ConnectAsync(Factory, protocol);
        var queue = MqApiFixture.Unique("nack");
        await client.DeclareQueueAsync(queue);
        await client.SubscribeAsync(queue);
        await client.PublishAsync("", queue, "retry me");
        var first = await client.NextDeliveryAsync();

        await client.NackAsync(first.DeliveryTag, multiple: false, requeue: true);
        var second = await client.NextDeliveryAsync();

        Assert.Equal("retry me", second.Payload);
        Assert.True(second.Redelivered);
        Assert.Equal(1, second.DeliveryCount);
        Assert.True(second.DeliveryTag > first.DeliveryTag);
    }

    [Theory]
    [MemberData(nameof(HubProtocols.All), MemberType = typeof(HubProtocols))]
    public async Task NackMultipleWithoutRequeueDropsTheMessages(HubProtocolKind protocol)
    {
        await using var client = await TestHubClient.ConnectAsync(Factory, protocol);
        var queue = MqApiFixture.Unique("nack-drop");
        await client.DeclareQueueAsync(queue);
        await client.SubscribeAsync(queue);
        for (var i = 0; i < 3; i++) await client.PublishAsync("", queue, $"m{i}");
        var received = await client.NextDeliveriesAsync(3);

        await client.NackAsync(received[^1].DeliveryTag, multiple: true, requeue: false);

        await client.AssertNoDeliveryAsync();
        Assert.Equal(0, (await RestQueues.GetAsync(Factory, queue)).Messages);
    }

    [Theory]
    [MemberData(nameof(HubProtocols.All), MemberType = typeof(HubProtocols))]
    public async Task RejectWithoutRequeueDropsAndWithRequeueRedelivers(HubProtocolKind protocol)
    {
        await using var client = await TestHubClient.ConnectAsync(Factory, protocol);
        var queue = MqApiFixture.Unique("reject");
        await client.DeclareQueueAsync(queue);
        await client.SubscribeAsync(queue, prefetch: 1);
        await client.PublishAsync("", queue, "bad");
        await client.PublishAsync("", queue, "later");

        var bad = await client.NextDeliveryAsync();
        await client.RejectAsync(bad.DeliveryTag, requeue: false);
        var later = await client.NextDeliveryAsync();
        await client.RejectAsync(later.DeliveryTag, requeue: true);
        var again = await client.NextDeliveryAsync();

        Assert.Equal(("bad", "later", "later"), (bad.Payload, later.Payload, again.Payload));
        Assert.True(again.Redelivered);
        await client.AckAsync(again.DeliveryTag);
        Assert.Equal(0, (await RestQueues.GetAsync(Factory, queue)).Messages);
    }

    [Theory]
    [MemberData(nameof(HubProtocols.All), MemberType = typeof(HubProtocols))]
    public async Task AutoAckDeliveriesNeedNoAckAndCannotBeAcked(HubProtocolKind protocol)
    {
        await using var client = await TestHubClient.ConnectAsync(Factory, protocol);
        var queue = MqApiFixture.Unique("auto");
        await client.DeclareQueueAsync(queue);
        await client.SubscribeAsync(queue, autoAck: true);

        await client.PublishAsync("", queue, "fire and forget");
        var delivery = await client.NextDeliveryAsync();

        await AssertEventually.TrueAsync(async () => (await RestQueues.GetAsync(Factory, queue)).Messages == 0);
        await Assert.ThrowsAsync<Microsoft.AspNetCore.SignalR.HubException>(() => client.AckAsync(delivery.DeliveryTag));
    }

    [Theory]
    [MemberData(nameof(HubProtocols.All), MemberType = typeof(HubProtocols))]
    public async Task UnsubscribeStopsDeliveriesAndLeavesReceivedOnesToSettle(HubProtocolKind protocol)
    {
        await using var client = await TestHubClient.ConnectAsync(Factory, protocol);
        var queue = MqApiFixture.Unique("unsub");
        await client.DeclareQueueAsync(queue);
        var tag = await client.SubscribeAsync(queue);
        await client.PublishAsync("", queue, "before");
        var before = await client.NextDeliveryAsync();

        await client.UnsubscribeAsync(tag);
        await client.PublishAsync("", queue, "after");

        await client.AssertNoDeliveryAsync();
        await client.AckAsync(before.DeliveryTag);
        var counters = await RestQueues.GetAsync(Factory, queue);
        Assert.Equal((1, 0, 0), (counters.MessagesReady, counters.MessagesUnacknowledged, counters.Consumers));
    }

    [Theory]
    [MemberData(nameof(HubProtocols.All), MemberType = typeof(HubProtocols))]
    public async Task DeletingTheQueueOverRestSendsCancelToItsConsumer(HubProtocolKind protocol)
    {
        await using var client = await TestHubClient.ConnectAsync(Factory, protocol);
        var queue = MqApiFixture.Unique("doomed");
        await client.DeclareQueueAsync(queue);
        var tag = await client.SubscribeAsync(queue);

        var response = await Factory.CreateGuestClient().DeleteAsync($"/api/queues/%2F/{queue}");
        var cancelled = await client.NextCancelAsync();

        Assert.True(response.IsSuccessStatusCode);
        Assert.Equal(tag, cancelled);
        var gone = await Assert.ThrowsAsync<Microsoft.AspNetCore.SignalR.HubException>(() => client.UnsubscribeAsync(tag));
        Assert.Contains($"no consumer '{tag}'", gone.Message);
    }

    [Theory]
    [MemberData(nameof(HubProtocols.All), MemberType = typeof(HubProtocols))]
    public async Task SingleActiveConsumerQueueDeliversOnlyToTheFirstUntilItLeaves(HubProtocolKind protocol)
    {
        await using var first = await TestHubClient.ConnectAsync(Factory, protocol);
        await using var second = await TestHubClient.ConnectAsync(Factory, protocol);
        var queue = MqApiFixture.Unique("sac");
        await first.DeclareQueueAsync(queue, arguments: TestHubClient.Map(("x-single-active-consumer", true)));
        var firstTag = await first.SubscribeAsync(queue);
        await second.SubscribeAsync(queue);

        for (var i = 0; i < 3; i++) await first.PublishAsync("", queue, $"a{i}");
        var toFirst = await first.NextDeliveriesAsync(3);
        await second.AssertNoDeliveryAsync();
        await first.AckAsync(toFirst[^1].DeliveryTag, multiple: true);
        await first.UnsubscribeAsync(firstTag);
        for (var i = 0; i < 2; i++) await first.PublishAsync("", queue, $"b{i}");
        var toSecond = await second.NextDeliveriesAsync(2);

        Assert.Equal(["a0", "a1", "a2"], toFirst.Select(d => d.Payload));
        Assert.Equal(["b0", "b1"], toSecond.Select(d => d.Payload));
        await first.AssertNoDeliveryAsync();
    }
}
