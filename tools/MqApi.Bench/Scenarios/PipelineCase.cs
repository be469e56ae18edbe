using System.Globalization;
using MqApi.Bench.Clients;

namespace MqApi.Bench.Scenarios;

/// <summary>The client stack a pipeline case uses.</summary>
internal enum PipelineTransport
{
    /// <summary>MqApi's hub: Publish for publishers, Subscribe/Deliver/Ack for the consumer (.NET SignalR client).</summary>
    Hub,

    /// <summary>AMQP 0-9-1 with RabbitMQ.Client 7.2.2.</summary>
    Amqp,
}

/// <summary>
/// Publish with confirms into a durable queue (<paramref name="Outstanding"/> unconfirmed at most) and,
/// when <paramref name="Consume"/>, one consumer with prefetch <paramref name="Prefetch"/> and manual
/// acks (or <paramref name="AutoAck"/>). Closed loop, or paced at <paramref name="PacedPerSecond"/>.
/// The same case runs over MqApi's hub and over AMQP, so the two compare like for like.
/// </summary>
internal sealed record PipelineCase(
    PipelineTransport Transport,
    bool Persistent,
    bool Consume,
    bool AutoAck = false,
    int? PacedPerSecond = null,
    int Outstanding = 1000,
    int Prefetch = 200,
    int HubPublisherConnections = 8) : IBenchCase
{
    public IReadOnlyList<string> Labels =>
    [
        Transport == PipelineTransport.Hub ? "hub" : "AMQP",
        (Persistent ? "persistent" : "transient") + (Consume ? (AutoAck ? ", autoAck consumer" : ", manual-ack consumer") : ", publish only") +
            (PacedPerSecond is { } rate ? string.Create(CultureInfo.InvariantCulture, $", paced {rate}/s") : ""),
    ];

    public override string ToString() => $"{Labels[0]} {Labels[1]}";

    public async Task<RunMetrics> RunAsync(BenchContext context, int run, CancellationToken cancellationToken)
    {
        var queue = BenchContext.QueueName($"pipe-{Transport}", run).ToLowerInvariant();
        var measurement = new Measurement();
        await context.Rest.DeclareDurableQueueAsync(queue, cancellationToken);
        IAsyncDisposable? consumer = null;
        IConfirmingPublisher? publisher = null;
        try
        {
            if (Consume) consumer = await StartConsumerAsync(context, queue, measurement, cancellationToken);
            publisher = Transport == PipelineTransport.Hub
                ? await HubPublisher.ConnectAsync(context.Rest.BaseAddress, HubPublisherConnections, cancellationToken)
                : await AmqpPublisher.ConnectAsync(context.Options.AmqpUrl, cancellationToken);
            (double ServerCores, double BenchCores) cpu;
            await using (new PipelinePublishing(publisher, queue, Persistent, Outstanding, PacedPerSecond, context.Options.PayloadBytes, measurement, cancellationToken))
            {
                cpu = await context.MeasureAsync(measurement, cancellationToken);
            }
            return RunMetrics.Of(measurement, cpu);
        }
        finally
        {
            if (publisher is not null) await publisher.DisposeAsync();
            if (consumer is not null) await consumer.DisposeAsync();
            await context.Rest.DeleteQueueAsync(queue, cancellationToken);
        }
    }

    private async Task<IAsyncDisposable> StartConsumerAsync(BenchContext context, string queue, Measurement measurement, CancellationToken cancellationToken)
    {
        if (Transport == PipelineTransport.Amqp)
            return await AmqpConsumer.StartAsync(context.Options.AmqpUrl, queue, (ushort)Prefetch, AutoAck, measurement, cancellationToken);
        var consumer = await HubConsumer.ConnectAsync(context.Rest.BaseAddress, HubProtocolKind.MessagePack, measurement, cancellationToken);
        try
        {
            await consumer.SubscribeAsync(queue, Prefetch, cancellationToken, AutoAck);
            return consumer;
        }
        catch
        {
            await consumer.DisposeAsync();
            throw;
        }
    }
}
