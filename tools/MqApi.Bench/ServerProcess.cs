using MqApi.ServerHarness;

namespace MqApi.Bench;

/// <summary>
/// One run of the published server (<see cref="ServerRun"/>) with what the load tool reads from it: the
/// time to ready, CPU time and resident memory of the server process.
/// </summary>
internal sealed class ServerProcess : IAsyncDisposable
{
    private static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(60);

    private readonly ServerRun _run;

    private ServerProcess(ServerRun run) => _run = run;

    public Uri BaseAddress => _run.BaseAddress;

    /// <summary>From starting the process until GET /health/ready first answered 200.</summary>
    public TimeSpan ReadyAfter => _run.ReadyAfter;

    /// <summary>The server's resident memory now (VmRSS of its process), in MiB.</summary>
    public double ResidentMiB() => MachineInfo.ResidentMiB(_run.Process.Id);

    /// <summary>CPU time the server has used so far, all threads.</summary>
    public TimeSpan CpuTime
    {
        get
        {
            _run.Process.Refresh();
            return _run.Process.TotalProcessorTime;
        }
    }

    /// <summary>Resident memory of the server process (VmRSS in /proc/&lt;pid&gt;/status), in bytes.</summary>
    public long ResidentBytes() => ProcStatusBytes("VmRSS:");

    /// <summary>The highest resident memory of the server process so far (VmHWM), in bytes.</summary>
    public long PeakResidentBytes() => ProcStatusBytes("VmHWM:");

    private long ProcStatusBytes(string field)
    {
        var line = File.ReadLines($"/proc/{_run.Process.Id}/status").First(l => l.StartsWith(field, StringComparison.Ordinal));
        // "VmRSS:	  123456 kB"
        return long.Parse(line[field.Length..].Trim().Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture) * 1024;
    }

    /// <summary>Starts the server and returns once GET /health/ready answers 200 (within 60 s unless <paramref name="readyTimeout"/> says otherwise).</summary>
    public static async Task<ServerProcess> StartAsync(string appFolder, string databasePath, CancellationToken cancellationToken, TimeSpan? readyTimeout = null) =>
        new(await ServerRun.StartAsync(Path.Combine(appFolder, "MqApi.dll"), databasePath, readyTimeout ?? ReadyTimeout, cancellationToken));

    /// <summary>The last lines the server wrote to stdout and stderr.</summary>
    public string RecentOutput() => _run.RecentOutput();

    /// <summary>Stops the server (SIGKILL: a benchmark has nothing to flush) and waits until it is gone.</summary>
    public ValueTask DisposeAsync() => _run.DisposeAsync();
}
