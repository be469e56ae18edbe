using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;

using MqApi.ServerHarness;

namespace MqApi.CrashTest;

/// <summary>
/// One run of the published server as its own OS process: <c>dotnet MqApi.dll --urls ...</c> over a
/// given SQLite file. The muxer runs the app in its own process (no child), so the process started
/// here IS the server, and <see cref="KillAsync"/> SIGKILLs exactly that. Its output is kept (the last
/// lines) to show when something goes wrong.
/// </summary>
internal sealed class ServerProcess : IAsyncDisposable
{
    private static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(60);
    private const int OutputLinesKept = 60;

    private readonly Process _process;
    private readonly Queue<string> _output = new();

    private ServerProcess(Process process, Uri baseAddress)
    {
        _process = process;
        BaseAddress = baseAddress;
        Client = new BrokerClient(CreateHttpClient(baseAddress));
    }

    public Uri BaseAddress { get; }
    public int ProcessId => _process.Id;
    public BrokerClient Client { get; }

    /// <summary>Starts the server and returns once GET /health/ready answers 200.</summary>
    /// <remarks>
    /// The free port is found by binding and releasing it, so another process may take it first;
    /// then the server stops with "address already in use" and is started again on another port.
    /// </remarks>
    public static async Task<ServerProcess> StartAsync(string appDll, string databasePath, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await StartOnFreePortAsync(appDll, databasePath, cancellationToken);
            }
            catch (ServerExitedException e) when (attempt < 3 && e.Output.Contains("address already in use", StringComparison.OrdinalIgnoreCase))
            {
                Console.WriteLine("The free port was taken before the server bound it; starting again on another.");
            }
        }
    }

    private static async Task<ServerProcess> StartOnFreePortAsync(string appDll, string databasePath, CancellationToken cancellationToken)
    {
        var port = ServerProcesses.FreeLoopbackPort();
        var baseAddress = new Uri($"http://127.0.0.1:{port}/");
        var start = new ProcessStartInfo(ServerProcesses.DotnetHost())
        {
            ArgumentList = { appDll, "--urls", $"http://127.0.0.1:{port}" },
            WorkingDirectory = Path.GetDirectoryName(databasePath),
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.Environment["ConnectionStrings__Broker"] = $"Data Source={databasePath}";
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";

        var process = new Process { StartInfo = start };
        var server = new ServerProcess(process, baseAddress);
        process.OutputDataReceived += (_, e) => server.Keep(e.Data);
        process.ErrorDataReceived += (_, e) => server.Keep(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await server.WaitUntilReadyAsync(cancellationToken);
            return server;
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    /// <summary>Sends SIGKILL now, without waiting; a no-op once the process is gone.</summary>
    public void Kill() => _process.Kill(entireProcessTree: false);

    /// <summary>
    /// SIGKILLs the server (no shutdown code runs), waits for it to be gone and checks that nothing
    /// listens on its port any more: the process killed was the one serving. Returns its exit code.
    /// </summary>
    public async Task<int> KillAsync(CancellationToken cancellationToken)
    {
        Kill();
        await _process.WaitForExitAsync(cancellationToken);
        if (await AcceptsConnectionsAsync(cancellationToken))
            throw new InvalidOperationException($"The server's port still accepts connections after process {_process.Id} was killed.");
        return _process.ExitCode;
    }

    /// <summary>The last lines the server wrote to stdout and stderr.</summary>
    public string RecentOutput()
    {
        lock (_output) return string.Join(Environment.NewLine, _output);
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync();
            }
        }
        catch (InvalidOperationException)
        {
            // Never started: nothing to stop.
        }
        _process.Dispose();
    }

    private async Task WaitUntilReadyAsync(CancellationToken cancellationToken)
    {
        using var probe = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(2) };
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < ReadyTimeout)
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
            await Task.Delay(100, cancellationToken);
        }
        throw new TimeoutException($"GET /health/ready did not answer 200 within {ReadyTimeout.TotalSeconds:0} s:{Environment.NewLine}{RecentOutput()}");
    }

    private async Task<bool> AcceptsConnectionsAsync(CancellationToken cancellationToken)
    {
        using var socket = new TcpClient();
        try
        {
            await socket.ConnectAsync(IPAddress.Loopback, BaseAddress.Port, cancellationToken);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
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

    private static HttpClient CreateHttpClient(Uri baseAddress)
    {
        // One pool per server process: after a kill its connections are dead, and the next process gets a fresh client.
        var handler = new SocketsHttpHandler { MaxConnectionsPerServer = int.MaxValue };
        var client = new HttpClient(handler) { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(30) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes("guest:guest")));
        return client;
    }
}
