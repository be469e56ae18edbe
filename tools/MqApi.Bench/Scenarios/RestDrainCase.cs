using System.Diagnostics;

namespace MqApi.Bench.Scenarios;

/// <summary>
/// Drains a pre-filled durable queue over REST with one client, one request at a time:
/// <c>POST .../get</c> with count 100 and <paramref name="AckMode"/> (<c>ack_requeue_false</c>, which
/// RabbitMQ's management API has too), or MqApi's <c>lease</c> followed by one <c>POST .../ack</c> of
/// the 100 delivery tags. Counts messages taken from the first request until the queue is empty, or
/// until warm-up plus duration has passed.
/// </summary>
internal sealed record RestDrainCase(string AckMode, int Count = 100) : IBenchCase
{
    public IReadOnlyList<string> Labels => [AckMode == "lease" ? "get lease + ack" : $"get {AckMode}", Count.ToString(System.Globalization.CultureInfo.InvariantCulture)];

    public override string ToString() => $"REST drain, {Labels[0]}, count {Count}";

    public async Task<RunMetrics> RunAsync(BenchContext context, int run, CancellationToken cancellationToken)
    {
        var queue = BenchContext.QueueName($"drain-{AckMode}", run).ToLowerInvariant();
        await context.Rest.DeclareDurableQueueAsync(queue, cancellationToken);
        try
        {
            var messages = context.DrainMessages;
            await Clients.QueueFiller.FillAsync(context, queue, messages, cancellationToken);
            var limit = context.Options.Warmup + context.Options.Duration;
            var clock = Stopwatch.StartNew();
            long taken = 0;
            while (taken < messages && clock.Elapsed < limit)
            {
                var tags = await context.Rest.GetAsync(queue, Count, AckMode, cancellationToken);
                if (tags.Count == 0) break;
                if (AckMode == "lease") await context.Rest.AckAsync(queue, tags, cancellationToken);
                taken += tags.Count;
            }
            return new RunMetrics
            {
                ConsumedPerSecond = taken / clock.Elapsed.TotalSeconds,
                LoadAverage = MachineInfo.LoadAverage(),
            };
        }
        finally
        {
            await context.Rest.DeleteQueueAsync(queue, cancellationToken);
        }
    }
}
