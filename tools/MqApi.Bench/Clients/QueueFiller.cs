using System.Diagnostics;

namespace MqApi.Bench.Clients;

/// <summary>
/// Fills a queue with persistent messages before a drain case starts, the fastest way each broker
/// offers: MqApi's publish-batch (4 requests of 100 in flight), RabbitMQ's AMQP with confirms (1,000
/// outstanding). Only the drain after it is measured. Payloads carry their publish time like all others.
/// </summary>
internal static class QueueFiller
{
    private const int BatchSize = 100;
    private const int ParallelBatches = 4;

    public static async Task FillAsync(BenchContext context, string queue, int count, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var failures = context.Options.Target == BenchTarget.MqApi
            ? await FillOverRestAsync(context, queue, count, cancellationToken)
            : await FillOverAmqpAsync(context, queue, count, cancellationToken);
        if (failures > 0) throw new InvalidOperationException($"{failures} of {count} messages were not confirmed while filling {queue}.");
        Console.WriteLine($"  filled {queue} with {count:N0} messages in {clock.Elapsed.TotalSeconds:0.0} s");
    }

    private static async Task<long> FillOverRestAsync(BenchContext context, string queue, int count, CancellationToken cancellationToken)
    {
        var remaining = count;
        long failures = 0;
        await Parallel.ForEachAsync(Enumerable.Range(0, ParallelBatches), cancellationToken, async (_, token) =>
        {
            while (true)
            {
                var take = Math.Min(BatchSize, Interlocked.Add(ref remaining, -BatchSize) + BatchSize);
                if (take <= 0) return;
                var body = BenchPayload.PublishBatchRequest(queue, take, Stopwatch.GetTimestamp(), context.Options.PayloadBytes);
                if (!await context.Rest.PublishBatchAsync(body, take, token)) Interlocked.Add(ref failures, take);
            }
        });
        return failures;
    }

    private static async Task<long> FillOverAmqpAsync(BenchContext context, string queue, int count, CancellationToken cancellationToken)
    {
        await using var publisher = await AmqpPublisher.ConnectAsync(context.Options.AmqpUrl, cancellationToken);
        long failures = 0;
        await Parallel.ForEachAsync(Enumerable.Range(0, count), new ParallelOptions { MaxDegreeOfParallelism = 1000, CancellationToken = cancellationToken }, async (_, token) =>
        {
            var payload = BenchPayload.Create(Stopwatch.GetTimestamp(), context.Options.PayloadBytes);
            if (!await publisher.PublishAsync(queue, payload, persistent: true, token)) Interlocked.Increment(ref failures);
        });
        return failures;
    }
}
