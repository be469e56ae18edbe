using System.Diagnostics;
using System.Text;
using RabbitMQ.Client;
using RabbitMQ.Client.Events;

namespace MqApi.Bench.Clients;

/// <summary>
/// One RabbitMQ.Client 7 consumer on a connection of its own: basic.qos prefetch, and either manual
/// acks (one basic.ack per delivery, multiple = false, sent from the handler) or autoAck.
/// </summary>
internal sealed class AmqpConsumer : IAsyncDisposable
{
    private readonly IConnection _connection;
    private readonly IChannel _channel;

    private AmqpConsumer(IConnection connection, IChannel channel)
    {
        _connection = connection;
        _channel = channel;
    }

    public static async Task<AmqpConsumer> StartAsync(Uri amqpUrl, string queue, ushort prefetch, bool autoAck, Measurement measurement, CancellationToken cancellationToken)
    {
        var connection = await new ConnectionFactory { Uri = amqpUrl, ClientProvidedName = "mqapi-bench consumer" }.CreateConnectionAsync(cancellationToken);
        var channel = await connection.CreateChannelAsync(cancellationToken: cancellationToken);
        await channel.BasicQosAsync(0, prefetch, global: false, cancellationToken);
        var consumer = new AsyncEventingBasicConsumer(channel);
        consumer.ReceivedAsync += async (_, delivery) =>
        {
            var arrivedAt = Stopwatch.GetTimestamp();
            if (BenchPayload.ReadTimestamp(Encoding.UTF8.GetString(delivery.Body.Span)) is { } publishedAt)
                measurement.CountConsumed(publishedAt, arrivedAt, delivery.Redelivered);
            else
                measurement.CountError();
            if (!autoAck) await channel.BasicAckAsync(delivery.DeliveryTag, multiple: false, CancellationToken.None);
        };
        await channel.BasicConsumeAsync(queue, autoAck, consumer, cancellationToken);
        return new AmqpConsumer(connection, channel);
    }

    public async ValueTask DisposeAsync()
    {
        await _channel.DisposeAsync();
        await _connection.DisposeAsync();
    }
}
