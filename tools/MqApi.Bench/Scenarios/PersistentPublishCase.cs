using System.Globalization;

namespace MqApi.Bench.Scenarios;

/// <summary>
/// Issue 4, persistent publish: <paramref name="Publishers"/> closed-loop REST publishers send
/// persistent messages to a durable queue with no consumer, one per request (<paramref name="BatchSize"/>
/// 0) or <paramref name="BatchSize"/> per publish-batch request. Counts messages confirmed; latency is
/// one request's start to its confirm.
/// </summary>
/// <remarks>With <paramref name="Persistent"/> false the single publishes are transient (delivery_mode 1).</remarks>
internal sealed record PersistentPublishCase(int Publishers, int BatchSize, bool Persistent = true) : IBenchCase
{
    public IReadOnlyList<string> Labels =>
    [
        BatchSize == 0 ? (Persistent ? "publish" : "publish, transient") : $"publish-batch, {BatchSize} per request",
        Publishers.ToString(CultureInfo.InvariantCulture),
    ];

    public override string ToString() => $"{(Persistent ? "persistent " : "")}{Labels[0]}, {Publishers} publisher(s)";

    public async Task<RunMetrics> RunAsync(BenchContext context, int run, CancellationToken cancellationToken)
    {
        var queue = BenchContext.QueueName($"publish-{Publishers}-{BatchSize}{(Persistent ? "" : "-transient")}", run);
        var measurement = new Measurement();
        await context.Rest.DeclareDurableQueueAsync(queue, cancellationToken);
        try
        {
            (double ServerCores, double BenchCores) cpu;
            await using (new RestPublishers(context.Rest, queue, Publishers, BatchSize, context.Options.PayloadBytes, measurement, cancellationToken, Persistent))
            {
                cpu = await context.MeasureAsync(measurement, cancellationToken);
            }
            return RunMetrics.Of(measurement, cpu);
        }
        finally
        {
            // Also drops the run's stored messages, so runs do not grow the database for each other.
            await context.Rest.DeleteQueueAsync(queue, cancellationToken);
        }
    }
}
