using System.Diagnostics;
using System.Net;

namespace MqApi.ServerHarness;

/// <summary>
/// One run of the published server as its own OS process: <c>dotnet MqApi.dll</c> on 127.0.0.1 and a free
/// port, over a given SQLite file. The muxer runs the app in its own process (no child), so
/// <see cref="Process"/> IS the server: killing it kills the server, and its CPU time is the server's.
/// Its output is kept (the last lines) to show when something goes wrong.
/// </summary>
internal sealed class ServerRun : IAsyncDisposable
{
    private const int OutputLinesKept = 60;
    // The time to ready is measured with this probe (and RabbitMQ's the same way), so it probes often.
    private static readonly TimeSpan ProbeInterval = TimeSpan.FromMilliseconds(50);

    private readonly Queue<string> _output = new();

    private ServerRun(Process process, Uri baseAddress)
    {
        Process = process;
        BaseAddress = baseAddress;
    }

    public Process Process { get; }
    public Uri BaseAddress { get; }

    /// <summary>From starting the process until GET /health/ready first answered 200.</summary>
    public TimeSpan ReadyAfter { get; private set; }

    /// <summary>Starts the server and returns once GET /health/ready answers 200 within <paramref name="readyTimeout"/>.</summary>
    /// <remarks>
    /// The free port is found by binding and releasing it, so another process may take it first;
    /// then the server stops with "address already in use" and is started again on another port.
    /// </remarks>
    public static async Task<ServerRun> StartAsync(string appDll, string databasePath, TimeSpan readyTimeout, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await StartOnFreePortAsync(appDll, databasePath, readyTimeout, cancellationToken);
            }
            catch (ServerExitedException e) when (attempt < 3 && e.Output.Contains("address already in use", StringComparison.OrdinalIgnoreCase))
            {
                Console.WriteLine("The free port was taken before the server bound it; starting again on another.");
            }
        }
    }

    private static async Task<ServerRun> StartOnFreePortAsync(string appDll, string databasePath, TimeSpan readyTimeout, CancellationToken cancellationToken)
    {
        var port = ServerProcesses.FreeLoopbackPort();
        var start = new ProcessStartInfo(ServerProcesses.DotnetHost())
        {
            ArgumentList = { appDll },
            WorkingDirectory = Path.GetDirectoryName(databasePath),
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.Environment["ConnectionStrings__Broker"] = $"Data Source={databasePath}";
        start.Environment["Urls"] = $"http://127.0.0.1:{port}";
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        // The runtime settings the container sets (Dockerfile ENV), so the server runs as it ships;
        // a value already in this process's environment wins.
        start.Environment.TryAdd(ContainerRuntimeSettings.Gen0BudgetVariable, ContainerRuntimeSettings.Gen0Budget);

        var server = new ServerRun(new Process { StartInfo = start }, new Uri($"http://127.0.0.1:{port}/"));
        server.Process.OutputDataReceived += (_, e) => server.Keep(e.Data);
        server.Process.ErrorDataReceived += (_, e) => server.Keep(e.Data);
        var started = Stopwatch.StartNew();
        server.Process.Start();
        server.Process.BeginOutputReadLine();
        server.Process.BeginErrorReadLine();
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

    /// <summary>Stops the server if it still runs (SIGKILL) and waits until it is gone.</summary>
    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!Process.HasExited)
            {
                Process.Kill(entireProcessTree: true);
                await Process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
            }
        }
        catch (InvalidOperationException)
        {
            // Never started: nothing to stop.
        }
        Process.Dispose();
    }

    private async Task WaitUntilReadyAsync(TimeSpan readyTimeout, CancellationToken cancellationToken)
    {
        using var probe = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(2) };
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < readyTimeout)
        {
            if (Process.HasExited)
            {
                // Let the output handlers catch up with the last lines before reading them.
                await Process.WaitForExitAsync(cancellationToken);
                throw new ServerExitedException(Process.ExitCode, RecentOutput());
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
            await Task.Delay(ProbeInterval, cancellationToken);
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
