using System.Threading.Channels;
using Microsoft.Extensions.DependencyInjection;
using MqApi.Broker;
using MqApi.Broker.Delivery;

namespace MqApi.Tests.TestInfrastructure;

/// <summary>
/// A consumer attached to the app's broker through <see cref="MessageBroker"/> as a front end would
/// attach one, for REST tests that need a queue with consumers or unacknowledged deliveries.
/// Disposing it closes its session, which requeues whatever it left unsettled.
/// </summary>
public sealed class BrokerTestConsumer : IAsyncDisposable, IDeliveryTarget
{
    private readonly MessageBroker _broker;
    private readonly Channel<Delivery> _deliveries = Channel.CreateUnbounded<Delivery>();
    private readonly ClientSession _session;
    private readonly string _tag;

    private BrokerTestConsumer(MessageBroker broker, string vhost, string queue, int prefetch)
    {
        _broker = broker;
        _session = broker.OpenSession(ApiRequests.UniqueName("test-connection"), "guest", this);
        _tag = broker.Subscribe(_session, vhost, queue, new ConsumerOptions(prefetch, AutoAck: false, Exclusive: false), "");
    }

    /// <summary>Subscribes to a queue with manual acks; <paramref name="prefetch"/> 0 means no limit.</summary>
    public static BrokerTestConsumer Subscribe(MqApiFactory factory, string vhost, string queue, int prefetch = 0) =>
        new(factory.Services.GetRequiredService<MessageBroker>(), vhost, queue, prefetch);

    public Task<Delivery> NextDeliveryAsync() => _deliveries.Reader.ReadAsync().AsTask().WaitAsync(TestTimeouts.Delivery);

    public Task AckAsync(long deliveryTag) => _broker.AckAsync(_session, deliveryTag, multiple: false);

    public Task CancelAsync() => _broker.UnsubscribeAsync(_session, _tag);

    public async ValueTask DisposeAsync() => await _broker.CloseSessionAsync(_session.ConnectionId).WaitAsync(TestTimeouts.Delivery);

    Task IDeliveryTarget.DeliverAsync(Delivery delivery, CancellationToken cancellationToken) => _deliveries.Writer.WriteAsync(delivery, cancellationToken).AsTask();

    Task IDeliveryTarget.CancelAsync(string consumerTag, CancellationToken cancellationToken) => Task.CompletedTask;
}
