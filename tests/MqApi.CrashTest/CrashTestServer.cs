using System.Diagnostics;

namespace MqApi.CrashTest;

/// <summary>
/// The server under test across crashes: the same published app over the same SQLite file, one
/// <see cref="ServerProcess"/> at a time. Disposing it kills whatever process is running.
/// </summary>
internal sealed class CrashTestServer(string appDll, string databasePath) : IAsyncDisposable
{
    private ServerProcess? _current;

    /// <summary>A client of the running process (a new one after each restart).</summary>
    public BrokerClient Client => Current.Client;

    private ServerProcess Current => _current ?? throw new InvalidOperationException("The server is not running.");

    /// <summary>Starts a process; returns how long it took to be ready.</summary>
    public async Task<TimeSpan> StartAsync(CancellationToken cancellationToken)
    {
        if (_current is not null) throw new InvalidOperationException("The server is already running.");
        var clock = Stopwatch.StartNew();
        _current = await ServerProcess.StartAsync(appDll, databasePath, cancellationToken);
        return clock.Elapsed;
    }

    /// <summary>Sends SIGKILL to the running process now, from any thread; <see cref="KillAsync"/> then waits for it.</summary>
    public void Kill() => Current.Kill();

    /// <summary>SIGKILLs the running process (unless <see cref="Kill"/> did already); returns its pid and exit code.</summary>
    public async Task<(int Pid, int ExitCode)> KillAsync(CancellationToken cancellationToken)
    {
        var process = Current;
        var pid = process.ProcessId;
        var exitCode = await process.KillAsync(cancellationToken);
        _current = null;
        await process.DisposeAsync();
        return (pid, exitCode);
    }

    /// <summary>Starts a new process on the same database (after a kill).</summary>
    public Task<TimeSpan> RestartAsync(CancellationToken cancellationToken) => StartAsync(cancellationToken);

    /// <summary>The running server's last output lines, to show beside a failure.</summary>
    public string RecentOutput() => _current?.RecentOutput() ?? "(the server is not running)";

    public async ValueTask DisposeAsync()
    {
        if (_current is { } process)
        {
            _current = null;
            await process.DisposeAsync();
        }
    }
}
