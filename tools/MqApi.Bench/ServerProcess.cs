using System.Diagnostics;
using System.Net;

using MqApi.ServerHarness;

namespace MqApi.Bench;

/// <summary>
/// The published server as its own OS process (<c>dotnet MqApi.dll</c>) on 127.0.0.1 and a free port,
/// over a SQLite file of its own. The muxer runs the app in-process, so the process started here IS the
/// server: its CPU time is the server's. Its output is kept (the last lines) to show when something fails.
/// </summary>
internal sealed class ServerProcess : IAsyncDisposable
{
    private static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(60);
    private const int OutputLinesKept = 40;

    private readonly Process _process;
    private readonly Queue<string> _output = new();

    private ServerProcess(Process process, Uri baseAddress)
    {
        _process = process;
        BaseAddress = baseAddress;
    }

    public Uri BaseAddress { get; }

    /// <summary>From starting the process until GET /health/ready first answered 200.</summary>
    public TimeSpan ReadyAfter { get; private set; }

    /// <summary>The server's resident memory now (VmRSS of its process), in MiB.</summary>
    public double ResidentMiB() => MachineInfo.ResidentMiB(_process.Id);

    /// <summary>CPU time the server has used so far, all threads.</summary>
    public TimeSpan CpuTime
    {
        get
        {
            _process.Refresh();
            return _process.TotalProcessorTime;
        }
    }

    /// <summary>Resident memory of the server process (VmRSS in /proc/&lt;pid&gt;/status), in bytes.</summary>
    public long ResidentBytes() => ProcStatusBytes("VmRSS:");

    /// <summary>The highest resident memory of the server process so far (VmHWM), in bytes.</summary>
    public long PeakResidentBytes() => ProcStatusBytes("VmHWM:");

    private long ProcStatusBytes(string field)
    {
        var line = File.ReadLines($"/proc/{_process.Id}/status").First(l => l.StartsWith(field, StringComparison.Ordinal));
        // "VmRSS:	  123456 kB"
        return long.Parse(line[field.Length..].Trim().Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture) * 1024;
    }

    /// <summary>Starts the server and returns once GET /health/ready answers 200 (within 60 s unless <paramref name="readyTimeout"/> says otherwise).</summary>
    /// <remarks>
    /// The free port is found by binding and releasing it, so another process may take it first;
    /// then the server stops with "address already in use" and is started again on another port.
    /// </remarks>
    public static async Task<ServerProcess> StartAsync(string appFolder, string databasePath, CancellationToken cancellationToken, TimeSpan? readyTimeout = null)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await StartOnFreePortAsync(appFolder, databasePath, readyTimeout ?? ReadyTimeout, cancellationToken);
            }
            catch (ServerExitedException e) when (attempt < 3 && e.Output.Contains("address already in use", StringComparison.OrdinalIgnoreCase))
            {
                Console.WriteLine("The free port was taken before the server bound it; starting again on another.");
            }
        }
    }

    private static async Task<ServerProcess> StartOnFreePortAsync(string appFolder, string databasePath, TimeSpan readyTimeout, CancellationToken cancellationToken)
    {
        var port = ServerProcesses.FreeLoopbackPort();
        var baseAddress = new Uri($"http://127.0.0.1:{port}/");
        var start = new ProcessStartInfo(ServerProcesses.DotnetHost())
        {
            ArgumentList = { Path.Combine(appFolder, "MqApi.dll") },
            WorkingDirectory = Path.GetDirectoryName(databasePath),
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.Environment["ConnectionStrings__Broker"] = $"Data Source={databasePath}";
        start.Environment["Urls"] = $"http://127.0.0.1:{port}";
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";

        var process = new Process { StartInfo = start };
        var server = new ServerProcess(process, baseAddress);
        process.OutputDataReceived += (_, e) => server.Keep(e.Data);
        process.ErrorDataReceived += (_, e) => server.Keep(e.Data);
        var started = Stopwatch.StartNew();
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await server.WaitUntilReadyAsync(readyTimeout, cancellationToken);
            server.ReadyAfter = started.Elapsed;
            return server;
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    /// <summary>The last lines the server wrote to stdout and stderr.</summary>
    public string RecentOutput()
    {
        lock (_output) return string.Join(Environment.NewLine, _output);
    }

    /// <summary>Stops the server (SIGKILL: a benchmark has nothing to flush) and waits until it is gone.</summary>
    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
            }
        }
        catch (InvalidOperationException)
        {
            // Never started: nothing to stop.
        }
        _process.Dispose();
    }

    private async Task WaitUntilReadyAsync(TimeSpan readyTimeout, CancellationToken cancellationToken)
    {
        using var probe = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(2) };
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < readyTimeout)
        {
            if (_process.HasExited)
            {
                // Let the output handlers catch up with the last lines before reading them.
                await _process.WaitForExitAsync(cancellationToken);
                throw new ServerExitedException(_process.ExitCode, RecentOutput());
            }
            try
            {
                using var response = await probe.GetAsync("health/ready", cancellationToken);
                if (response.StatusCode == HttpStatusCode.OK) return;
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
            {
                // Not listening yet.
            }
            // 50 ms between probes: the time to ready is measured with this probe (and RabbitMQ's the same way).
            await Task.Delay(50, cancellationToken);
        }
        throw new TimeoutException($"GET /health/ready did not answer 200 within {readyTimeout.TotalSeconds:0} s:{Environment.NewLine}{RecentOutput()}");
    }

    private void Keep(string? line)
    {
        if (line is null) return;
        lock (_output)
        {
            _output.Enqueue(line);
            if (_output.Count > OutputLinesKept) _output.Dequeue();
        }
    }
}
