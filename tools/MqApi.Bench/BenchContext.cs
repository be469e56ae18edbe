using System.Diagnostics;

namespace MqApi.Bench;

/// <summary>
/// What every case runs against: the server process (null for a RabbitMQ target, which runs on its own),
/// a REST client of it, the options, the published app (to start more servers) and a temp folder.
/// </summary>
internal sealed record BenchContext(ServerProcess? Server, BrokerRestClient Rest, BenchOptions Options, string? AppFolder, string Workspace)
{
    /// <summary>
    /// Lets the traffic already started warm up, then opens <paramref name="measurement"/> for the
    /// measured duration. Returns the CPU the server and this tool used in that window, in cores.
    /// </summary>
    public async Task<(double ServerCores, double BenchCores)> MeasureAsync(Measurement measurement, CancellationToken cancellationToken)
    {
        await Task.Delay(Options.Warmup, cancellationToken);
        var serverCpu = Server?.CpuTime ?? TimeSpan.Zero;
        var benchCpu = BenchCpuTime();
        measurement.Open();
        await Task.Delay(Options.Duration, cancellationToken);
        measurement.Close();
        var window = measurement.Window;
        return Server is null
            ? (double.NaN, (BenchCpuTime() - benchCpu) / window)
            : ((Server.CpuTime - serverCpu) / window, (BenchCpuTime() - benchCpu) / window);
    }

    /// <summary>
    /// How many messages a drain case fills its queue with: 6,000 per second of warm-up plus measured
    /// window, more than the fastest consumer measured here takes in that time, so that the window is spent
    /// draining (a consumer that empties the queue sooner is measured until its last delivery).
    /// </summary>
    public int DrainMessages => (int)(6000 * (Options.Warmup + Options.Duration).TotalSeconds);

    /// <summary>A queue name of its own for each case and run, so no run sees another's messages.</summary>
    public static string QueueName(string scenario, int run) => $"bench-{scenario}-run{run}-{Guid.NewGuid().ToString("N")[..8]}";

    private static TimeSpan BenchCpuTime()
    {
        using var self = Process.GetCurrentProcess();
        return self.TotalProcessorTime;
    }
}

/// <summary>What one measured run of one case gave. Latencies are (p50, p99) in ms; null where they do not apply.</summary>
internal sealed record RunMetrics
{
    public double ConfirmedPerSecond { get; init; }
    public double ConsumedPerSecond { get; init; }
    public (double P50, double P99)? ConfirmLatencyMs { get; init; }
    public (double P50, double P99)? DeliveryLatencyMs { get; init; }
    public (double P50, double P99)? AckLatencyMs { get; init; }
    /// <summary>Messages left in the queue (ready + unacked) when the window closed.</summary>
    public long Backlog { get; init; }
    public double ServerCores { get; init; }
    public double BenchCores { get; init; }
    public long Errors { get; init; }
    public long Redelivered { get; init; }
    /// <summary>The machine's 1-minute load average when the window closed.</summary>
    public double LoadAverage { get; init; }
    /// <summary>Start of the server process until it answered ready (startup case only).</summary>
    public double? ReadySeconds { get; init; }
    /// <summary>The server's resident memory after it sat idle (startup case only).</summary>
    public double? IdleRssMiB { get; init; }

    /// <summary>What a measured window saw: rates, latencies, errors and the CPU of server and tool.</summary>
    public static RunMetrics Of(Measurement measurement, (double ServerCores, double BenchCores) cpu) => new()
    {
        ConfirmedPerSecond = measurement.PerSecond(measurement.Confirmed),
        ConsumedPerSecond = measurement.PerSecond(measurement.Consumed),
        ConfirmLatencyMs = measurement.ConfirmLatency.PercentilesMs(),
        DeliveryLatencyMs = measurement.DeliveryLatency.PercentilesMs(),
        AckLatencyMs = measurement.AckLatency.PercentilesMs(),
        ServerCores = cpu.ServerCores,
        BenchCores = cpu.BenchCores,
        Errors = measurement.Errors,
        Redelivered = measurement.Redelivered,
        LoadAverage = MachineInfo.LoadAverage(),
    };
}

/// <summary>One row of a result table: what the case is, and its runs.</summary>
internal interface IBenchCase
{
    /// <summary>The values of the row's label columns.</summary>
    IReadOnlyList<string> Labels { get; }

    Task<RunMetrics> RunAsync(BenchContext context, int run, CancellationToken cancellationToken);
}
