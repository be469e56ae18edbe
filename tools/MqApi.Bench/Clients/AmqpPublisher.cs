using System.Text;
using RabbitMQ.Client;
using RabbitMQ.Client.Exceptions;

namespace MqApi.Bench.Clients;

/// <summary>
/// RabbitMQ.Client 7 on one connection and one channel with publisher confirms tracked by the client:
/// BasicPublishAsync completes when the broker's basic.ack arrives. The caller bounds the publishes in
/// flight (1,000 outstanding); the client's ThrottlingRateLimiter is not used, since it delays publishes
/// progressively once half its permits are taken, which held 1,000 outstanding to about 1,000 msg/s.
/// Publishes are mandatory, so an unroutable message comes back as a failure, as routed:false would.
/// </summary>
internal sealed class AmqpPublisher : IConfirmingPublisher
{
    private readonly IConnection _connection;
    private readonly IChannel _channel;

    private AmqpPublisher(IConnection connection, IChannel channel)
    {
        _connection = connection;
        _channel = channel;
    }

    public static async Task<AmqpPublisher> ConnectAsync(Uri amqpUrl, CancellationToken cancellationToken)
    {
        var connection = await new ConnectionFactory { Uri = amqpUrl, ClientProvidedName = "mqapi-bench publisher" }.CreateConnectionAsync(cancellationToken);
        var options = new CreateChannelOptions(
            publisherConfirmationsEnabled: true,
            publisherConfirmationTrackingEnabled: true,
            outstandingPublisherConfirmationsRateLimiter: null);
        var channel = await connection.CreateChannelAsync(options, cancellationToken);
        return new AmqpPublisher(connection, channel);
    }

    public async Task<bool> PublishAsync(string queue, string payload, bool persistent, CancellationToken cancellationToken)
    {
        var properties = new BasicProperties { DeliveryMode = persistent ? DeliveryModes.Persistent : DeliveryModes.Transient };
        try
        {
            await _channel.BasicPublishAsync("", queue, mandatory: true, properties, Encoding.UTF8.GetBytes(payload), cancellationToken);
            return true;
        }
        catch (PublishException)
        {
            // Nacked, or returned as unroutable.
            return false;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _channel.DisposeAsync();
        await _connection.DisposeAsync();
    }
}
