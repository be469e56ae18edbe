namespace MqApi.Bench.Scenarios;

/// <summary>
/// Issue 3, end to end: <paramref name="Publishers"/> closed-loop REST publishers send persistent
/// messages (delivery_mode 2) to a durable queue; <paramref name="Consumers"/> hub connections consume
/// it with manual acks (prefetch <paramref name="Prefetch"/>, one Ack per delivery). Latency runs from
/// the publish request's start (carried in the payload) to the Deliver callback at the consumer.
/// </summary>
internal sealed record EndToEndCase(HubProtocolKind Protocol, int Consumers, int Publishers, int Prefetch) : IBenchCase
{
    public IReadOnlyList<string> Labels => [Protocol == HubProtocolKind.Json ? "JSON" : "MessagePack", Consumers.ToString(System.Globalization.CultureInfo.InvariantCulture)];

    public override string ToString() => $"end to end, {Labels[0]}, {Consumers} consumer(s), {Publishers} publishers, prefetch {Prefetch}";

    public async Task<RunMetrics> RunAsync(BenchContext context, int run, CancellationToken cancellationToken)
    {
        var queue = BenchContext.QueueName($"e2e-{Protocol}-{Consumers}", run).ToLowerInvariant();
        var measurement = new Measurement();
        await context.Rest.DeclareDurableQueueAsync(queue, cancellationToken);
        var consumers = new List<HubConsumer>();
        try
        {
            for (var i = 0; i < Consumers; i++)
            {
                var consumer = await HubConsumer.ConnectAsync(context.Rest.BaseAddress, Protocol, measurement, cancellationToken);
                consumers.Add(consumer);
                await consumer.SubscribeAsync(queue, Prefetch, cancellationToken);
            }
            (double ServerCores, double BenchCores) cpu;
            (long Ready, long Unacknowledged) backlog;
            await using (new RestPublishers(context.Rest, queue, Publishers, batchSize: 0, context.Options.PayloadBytes, measurement, cancellationToken))
            {
                cpu = await context.MeasureAsync(measurement, cancellationToken);
                backlog = await context.Rest.CountMessagesAsync(queue, cancellationToken);
            }
            return RunMetrics.Of(measurement, cpu) with { Backlog = backlog.Ready + backlog.Unacknowledged };
        }
        finally
        {
            foreach (var consumer in consumers) await consumer.DisposeAsync();
            await context.Rest.DeleteQueueAsync(queue, cancellationToken);
        }
    }
}
