using System.Text;
using System.Threading.Channels;
using Microsoft.Extensions.DependencyInjection;
using MqApi.Broker;
using MqApi.Broker.Delivery;
using MqApi.Broker.Messages;
using MqApi.Broker.Queues;
using MqApi.Tests.TestInfrastructure;

namespace MqApi.Tests.Broker.Delivery;

using DeliveryToClient = MqApi.Broker.Delivery.Delivery;

/// <summary>
/// A publish or an ack that wakes an idle consumer sends it the delivery from the caller's own thread,
/// and whatever more is waiting goes on from the pool: in order, each message once.
/// </summary>
public sealed class InlineSendTests(MqApiFixture fixture) : IClassFixture<MqApiFixture>
{
    private static readonly Caller Guest = new("guest");

    // Stands for what an execution context carries (log scopes, the current trace): whose it is.
    private static readonly AsyncLocal<string?> Context = new();

    private MessageBroker Broker => fixture.Factory.Services.GetRequiredService<MessageBroker>();

    [Fact]
    public async Task PublishToAnIdleConsumerSendsTheDeliveryFromThePublishersThreadBeforeThePublishReturns()
    {
        await using var consumer = await SubscribedConsumer.StartAsync(Broker, prefetch: 10);

        var publisherThread = Environment.CurrentManagedThreadId;
        var sent = await consumer.NextAfterAsync(() => Broker.PublishAsync(Guest, "/", "", consumer.Queue, MessageProperties.Empty, Encoding.UTF8.GetBytes("now")));

        Assert.Equal("now", Encoding.UTF8.GetString(sent.Delivery.Body.Span));
        Assert.True(sent.DuringCall, "the delivery was sent after the publish returned");
        Assert.Equal(publisherThread, sent.ThreadId);
    }

    [Fact]
    public async Task AckThatMakesRoomSendsTheNextDeliveryFromTheAckersThreadBeforeTheAckReturns()
    {
        await using var consumer = await SubscribedConsumer.StartAsync(Broker, prefetch: 1);
        await Broker.PublishAsync(Guest, "/", "", consumer.Queue, MessageProperties.Empty, Encoding.UTF8.GetBytes("first"));
        await Broker.PublishAsync(Guest, "/", "", consumer.Queue, MessageProperties.Empty, Encoding.UTF8.GetBytes("second"));
        var first = await consumer.NextAsync();

        var ackerThread = Environment.CurrentManagedThreadId;
        var second = await consumer.NextAfterAsync(() => consumer.AckAsync(first.Delivery.DeliveryTag));

        Assert.Equal("second", Encoding.UTF8.GetString(second.Delivery.Body.Span));
        Assert.True(second.DuringCall, "the next delivery was sent after the ack returned");
        Assert.Equal(ackerThread, second.ThreadId);
    }

    [Fact]
    public async Task BatchPublishToAnIdleConsumerDeliversEveryMessageOnceInOrder()
    {
        const int count = 500;
        await using var consumer = await SubscribedConsumer.StartAsync(Broker, prefetch: 0);

        await Broker.PublishBatchAsync(Guest, "/", "", [.. Enumerable.Range(0, count)
            .Select(i => new OutgoingMessage(consumer.Queue, MessageProperties.Empty, Encoding.UTF8.GetBytes($"{i}")))]);
        var sent = await consumer.NextAsync(count);

        Assert.Equal(Enumerable.Range(0, count).Select(i => $"{i}"), sent.Select(d => Encoding.UTF8.GetString(d.Body.Span)));
        Assert.Equal(Enumerable.Range(1, count).Select(i => (long)i), sent.Select(d => d.DeliveryTag));
        Assert.False(consumer.HasMore, "a message was sent twice");
    }

    [Fact]
    public async Task ConcurrentPublishersToOneConsumerDeliverEveryMessageOnceInTagOrder()
    {
        const int publishers = 8;
        const int perPublisher = 200;
        await using var consumer = await SubscribedConsumer.StartAsync(Broker, prefetch: 0);

        await Task.WhenAll(Enumerable.Range(0, publishers).Select(p => Task.Run(async () =>
        {
            for (var i = 0; i < perPublisher; i++)
                await Broker.PublishAsync(Guest, "/", "", consumer.Queue, MessageProperties.Empty, Encoding.UTF8.GetBytes($"{p}:{i}"));
        })));
        var sent = await consumer.NextAsync(publishers * perPublisher);

        Assert.Equal(Enumerable.Range(1, publishers * perPublisher).Select(i => (long)i), sent.Select(d => d.DeliveryTag));
        Assert.Equal(publishers * perPublisher, sent.Select(d => Encoding.UTF8.GetString(d.Body.Span)).Distinct().Count());
        Assert.False(consumer.HasMore, "a message was sent twice");
    }

    [Fact]
    public async Task SendsRunInTheConsumersConnectionContextNotInThePublishersWhetherInlineOrFromThePool()
    {
        await using var consumer = await SubscribedConsumer.StartAsync(Broker, prefetch: 0);

        var first = await consumer.NextAfterAsync(() =>
        {
            Context.Value = "publisher's request";
            return Broker.PublishBatchAsync(Guest, "/", "", [.. Enumerable.Range(0, 3)
                .Select(i => new OutgoingMessage(consumer.Queue, MessageProperties.Empty, Encoding.UTF8.GetBytes($"{i}")))]);
        });
        var sent = new[] { first, await consumer.NextAsync(), await consumer.NextAsync() };

        Assert.True(first.DuringCall, "the first delivery was not sent on the publisher's thread");
        Assert.All(sent, s => Assert.Equal("consumer's connection", s.Context));
    }

    /// <summary>A delivery as the consumer saw it sent: on which thread, during the test's broker call or not, in whose context.</summary>
    private sealed record Sent(DeliveryToClient Delivery, int ThreadId, bool DuringCall, string? Context);

    /// <summary>
    /// A session with one manual-ack consumer on a new queue of its own, recording each delivery as
    /// <see cref="Sent"/>. Disposing closes the session.
    /// </summary>
    private sealed class SubscribedConsumer : IDeliveryTarget, IAsyncDisposable
    {
        private readonly Channel<Sent> _sent = Channel.CreateUnbounded<Sent>();
        private readonly MessageBroker _broker;
        private readonly ClientSession _session;

        private SubscribedConsumer(MessageBroker broker, string queue)
        {
            _broker = broker;
            Queue = queue;
            _session = broker.OpenSession(MqApiFixture.Unique("connection"), Guest.User, this);
        }

        public string Queue { get; }

        private volatile bool _callInProgress;

        public bool HasMore => _sent.Reader.TryPeek(out _);

        public static async Task<SubscribedConsumer> StartAsync(MessageBroker broker, int prefetch)
        {
            var queue = MqApiFixture.Unique("inline-send");
            await broker.DeclareQueueAsync(Guest, "/", queue, new QueueSettings(Durable: false, Exclusive: false, AutoDelete: false, FieldTable.Empty));
            Context.Value = "consumer's connection";
            var consumer = new SubscribedConsumer(broker, queue);
            broker.Subscribe(consumer._session, "/", queue, new ConsumerOptions(prefetch, AutoAck: false, Exclusive: false), "");
            return consumer;
        }

        public Task<Sent> NextAsync() =>
            _sent.Reader.ReadAsync().AsTask().WaitAsync(TestTimeouts.Delivery);

        /// <summary>
        /// Calls <paramref name="call"/> on this thread, noting whether a delivery is sent before it returns,
        /// and waits for it; then the next delivery.
        /// </summary>
        public async Task<Sent> NextAfterAsync(Func<Task> call)
        {
            _callInProgress = true;
            var called = call();
            _callInProgress = false;
            await called;
            return await NextAsync();
        }

        public async Task<List<DeliveryToClient>> NextAsync(int count)
        {
            var deliveries = new List<DeliveryToClient>(count);
            for (var i = 0; i < count; i++) deliveries.Add((await NextAsync()).Delivery);
            return deliveries;
        }

        public Task AckAsync(long deliveryTag) => _broker.AckAsync(_session, deliveryTag, multiple: false);

        public Task DeliverAsync(DeliveryToClient delivery, CancellationToken cancellationToken)
        {
            _sent.Writer.TryWrite(new Sent(delivery, Environment.CurrentManagedThreadId, _callInProgress, Context.Value));
            return Task.CompletedTask;
        }

        public Task CancelAsync(string consumerTag, CancellationToken cancellationToken) => Task.CompletedTask;

        public async ValueTask DisposeAsync() => await _broker.CloseSessionAsync(_session.ConnectionId);
    }
}
