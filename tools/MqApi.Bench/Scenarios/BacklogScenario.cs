using System.Diagnostics;
using System.Globalization;

namespace MqApi.Bench.Scenarios;

/// <summary>
/// Memory under backlog: fills one durable queue with <see cref="BenchOptions.Messages"/> persistent
/// messages (publish-batch, 1,000 per request, 4 publishers), reads the server's resident memory with
/// them all waiting, restarts the server on the same database (time until /health/ready, memory again),
/// then takes a few thousand messages to show the queue still serves. Prints a markdown table.
/// </summary>
internal static class BacklogScenario
{
    private const string Queue = "backlog";
    private const int BatchSize = 1_000;
    private const int Publishers = 4;
    private const int DrainGets = 5;
    private const int DrainCount = 1_000;

    public static async Task<int> RunAsync(string appFolder, string databasePath, BenchOptions options, CancellationToken cancellationToken)
    {
        var rows = new List<(string Step, string Value)>();
        var clock = Stopwatch.StartNew();
        var server = await ServerProcess.StartAsync(appFolder, databasePath, cancellationToken);
        try
        {
            Console.WriteLine($"Machine at start: {MachineInfo.Describe()}");
            rows.Add(("Server memory, empty (VmRSS)", Mib(server.ResidentBytes())));
            using (var rest = new BrokerRestClient(server.BaseAddress))
            {
                await rest.DeclareDurableQueueAsync(Queue, cancellationToken);
                var fill = Stopwatch.StartNew();
                await FillAsync(rest, options.Messages, options.PayloadBytes, cancellationToken);
                var (ready, _) = await rest.CountMessagesAsync(Queue, cancellationToken);
                rows.Add(("Messages published (persistent, confirmed)", options.Messages.ToString("N0", CultureInfo.InvariantCulture)));
                rows.Add(("Fill time", $"{fill.Elapsed.TotalSeconds:0} s ({options.Messages / fill.Elapsed.TotalSeconds:N0} msg/s), load average {MachineInfo.LoadAverage():0.0}"));
                rows.Add(("messages_ready after fill", ready.ToString("N0", CultureInfo.InvariantCulture)));
            }
            // Let the last commits and any page read settle before reading memory.
            await Task.Delay(TimeSpan.FromSeconds(5), cancellationToken);
            rows.Add(("Server memory with the backlog waiting (VmRSS)", Mib(server.ResidentBytes())));
            rows.Add(("Server peak memory during the fill (VmHWM)", Mib(server.PeakResidentBytes())));
            rows.Add(("Database file size (with WAL)", Mib(DatabaseBytes(databasePath))));

            await server.DisposeAsync();
            var restart = Stopwatch.StartNew();
            server = await ServerProcess.StartAsync(appFolder, databasePath, cancellationToken, readyTimeout: TimeSpan.FromMinutes(30));
            rows.Add(("Restart: process start to /health/ready", $"{restart.Elapsed.TotalSeconds:0.0} s"));
            rows.Add(("Server memory after restart, backlog waiting (VmRSS)", Mib(server.ResidentBytes())));
            rows.Add(("Server peak memory during recovery (VmHWM)", Mib(server.PeakResidentBytes())));

            using (var rest = new BrokerRestClient(server.BaseAddress))
            {
                var (before, _) = await rest.CountMessagesAsync(Queue, cancellationToken);
                var drain = Stopwatch.StartNew();
                var taken = 0;
                for (var i = 0; i < DrainGets; i++) taken += await rest.GetAndAckAsync(Queue, DrainCount, cancellationToken);
                var (after, _) = await rest.CountMessagesAsync(Queue, cancellationToken);
                rows.Add(("messages_ready after restart", before.ToString("N0", CultureInfo.InvariantCulture)));
                rows.Add(($"Drain after restart: {DrainGets} gets of {DrainCount:N0} (acked)",
                    $"{taken:N0} messages in {drain.Elapsed.TotalMilliseconds:N0} ms; messages_ready then {after:N0}"));
            }
            rows.Add(("Server memory after the drain (VmRSS)", Mib(server.ResidentBytes())));
            Console.WriteLine();
            Console.WriteLine($"Machine at end: {MachineInfo.Describe()}; took {clock.Elapsed.TotalMinutes:0.0} min.");
            Console.WriteLine();
            Console.WriteLine($"| Backlog of {options.Messages:N0} messages, {options.PayloadBytes} bytes each | |");
            Console.WriteLine("|---|---|");
            foreach (var (step, value) in rows) Console.WriteLine($"| {step} | {value} |");
            return 0;
        }
        finally
        {
            await server.DisposeAsync();
        }
    }

    /// <summary>Publishes <paramref name="messages"/> with <see cref="Publishers"/> closed-loop publishers; throws if one is not confirmed.</summary>
    private static async Task FillAsync(BrokerRestClient rest, long messages, int payloadBytes, CancellationToken cancellationToken)
    {
        var batch = BenchPayload.PublishBatchRequest(Queue, BatchSize, Stopwatch.GetTimestamp(), payloadBytes);
        var batches = (messages + BatchSize - 1) / BatchSize;
        long claimed = 0, done = 0;
        var lastReport = Stopwatch.StartNew();
        async Task PublishAsync()
        {
            for (var index = Interlocked.Increment(ref claimed); index <= batches; index = Interlocked.Increment(ref claimed))
            {
                var size = (int)Math.Min(BatchSize, messages - (index - 1) * BatchSize);
                var body = size == BatchSize ? batch : BenchPayload.PublishBatchRequest(Queue, size, Stopwatch.GetTimestamp(), payloadBytes);
                if (!await rest.PublishBatchAsync(body, size, cancellationToken)) throw new InvalidOperationException("a publish-batch was not confirmed");
                var finished = Interlocked.Increment(ref done);
                if (finished % Math.Max(1, batches / 10) == 0) Console.WriteLine($"  {finished * BatchSize:N0} published after {lastReport.Elapsed.TotalSeconds:0} s, load {MachineInfo.LoadAverage():0.0}");
            }
        }
        await Task.WhenAll(Enumerable.Range(0, Publishers).Select(_ => PublishAsync()));
    }

    private static long DatabaseBytes(string databasePath) =>
        new[] { "", "-wal" }.Select(suffix => new FileInfo(databasePath + suffix)).Where(f => f.Exists).Sum(f => f.Length);

    private static string Mib(long bytes) => $"{bytes / (1024.0 * 1024.0):N0} MiB";
}
