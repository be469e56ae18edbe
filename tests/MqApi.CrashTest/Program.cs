using MqApi.ServerHarness;
// Crash safety with a real process and SIGKILL: see README.md next to this file.
// Usage: dotnet run -c Release --project tests/MqApi.CrashTest [-- --app <folder with a published MqApi.dll>]
// Exit code: 0 when every check held, 1 when one failed (a lost confirmed message, say), 2 on an error.
using System.Diagnostics;
using System.Runtime.InteropServices;
using MqApi.CrashTest;

var appFolder = args is ["--app", var folder] ? Path.GetFullPath(folder) : null;
if (args.Length > 0 && appFolder is null)
{
    Console.Error.WriteLine("usage: MqApi.CrashTest [--app <folder with a published MqApi.dll>]");
    return 2;
}

// The whole run, publish included, has a deadline against hangs (a normal run takes about a minute);
// SIGINT and SIGTERM end it the same way, so the finally below still kills the server and removes the temp folder.
using var deadline = new CancellationTokenSource(TimeSpan.FromMinutes(5));
string? stoppedBy = null;
using var onInterrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);
using var onTerminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);
var cancellationToken = deadline.Token;

var workspace = Directory.CreateTempSubdirectory("mqapi-crash-");
var server = new CrashTestServer(
    appFolder is null ? Path.Combine(workspace.FullName, "app", "MqApi.dll") : Path.Combine(appFolder, "MqApi.dll"),
    Path.Combine(workspace.FullName, "crash.db"));
var clock = Stopwatch.StartNew();
try
{
    if (appFolder is null)
    {
        Console.WriteLine("Publishing src/MqApi (Release)...");
        await AppPublisher.PublishAsync(Path.Combine(workspace.FullName, "app"), cancellationToken);
        Console.WriteLine($"Published in {clock.Elapsed.TotalSeconds:0.0} s.");
    }
    var started = await server.StartAsync(cancellationToken);
    Console.WriteLine($"Server ready in {started.TotalSeconds:0.0} s.");
    Console.WriteLine();

    var passed = true;
    foreach (var round in new Func<CrashTestServer, CancellationToken, Task<RoundReport>>[] { PublishCrashRound.RunAsync, AckCrashRound.RunAsync })
    {
        var report = await round(server, cancellationToken);
        report.Print(Console.Out);
        passed &= report.Passed;
    }
    Console.WriteLine($"Crash test {(passed ? "passed" : "FAILED")} in {clock.Elapsed.TotalSeconds:0.0} s.");
    return passed ? 0 : 1;
}
catch (Exception e)
{
    Console.Error.WriteLine(cancellationToken.IsCancellationRequested
        ? $"Crash test stopped: {stoppedBy ?? "the deadline passed"} after {clock.Elapsed.TotalSeconds:0.0} s."
        : $"Crash test error: {e}");
    Console.Error.WriteLine($"Last server output:{Environment.NewLine}{server.RecentOutput()}");
    return 2;
}
finally
{
    await server.DisposeAsync();
    workspace.Delete(recursive: true);
}

void Stop(PosixSignalContext context)
{
    context.Cancel = true;
    stoppedBy = $"{context.Signal} received";
    deadline.Cancel();
}
