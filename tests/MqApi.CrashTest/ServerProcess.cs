using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;

using MqApi.ServerHarness;

namespace MqApi.CrashTest;

/// <summary>
/// One run of the published server (<see cref="ServerRun"/>) with what the crash test needs on top: a
/// REST client of its own and a SIGKILL that checks the killed process was the one serving.
/// </summary>
internal sealed class ServerProcess : IAsyncDisposable
{
    private static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(60);

    private readonly ServerRun _run;

    private ServerProcess(ServerRun run)
    {
        _run = run;
        Client = new BrokerClient(CreateHttpClient(run.BaseAddress));
    }

    public Uri BaseAddress => _run.BaseAddress;
    public int ProcessId => _run.Process.Id;
    public BrokerClient Client { get; }

    /// <summary>Starts the server and returns once GET /health/ready answers 200.</summary>
    public static async Task<ServerProcess> StartAsync(string appDll, string databasePath, CancellationToken cancellationToken) =>
        new(await ServerRun.StartAsync(appDll, databasePath, ReadyTimeout, cancellationToken));

    /// <summary>Sends SIGKILL now, without waiting; a no-op once the process is gone.</summary>
    public void Kill() => _run.Process.Kill(entireProcessTree: false);

    /// <summary>
    /// SIGKILLs the server (no shutdown code runs), waits for it to be gone and checks that nothing
    /// listens on its port any more: the process killed was the one serving. Returns its exit code.
    /// </summary>
    public async Task<int> KillAsync(CancellationToken cancellationToken)
    {
        Kill();
        await _run.Process.WaitForExitAsync(cancellationToken);
        if (await AcceptsConnectionsAsync(cancellationToken))
            throw new InvalidOperationException($"The server's port still accepts connections after process {ProcessId} was killed.");
        return _run.Process.ExitCode;
    }

    /// <summary>The last lines the server wrote to stdout and stderr.</summary>
    public string RecentOutput() => _run.RecentOutput();

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _run.DisposeAsync();
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

    private static HttpClient CreateHttpClient(Uri baseAddress)
    {
        // One pool per server process: after a kill its connections are dead, and the next process gets a fresh client.
        var handler = new SocketsHttpHandler { MaxConnectionsPerServer = int.MaxValue };
        var client = new HttpClient(handler) { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(30) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes("guest:guest")));
        return client;
    }
}
