using MqApi.ServerHarness;
// A load tool for MqApi: see README.md next to this file.
// Usage: dotnet run -c Release --project tools/MqApi.Bench [-- options]; --help lists them.
// Exit code: 0 when every run finished without an error, 1 when some publish or ack failed, 2 on an error.
using System.Diagnostics;
using System.Runtime.InteropServices;
using MqApi.Bench;
using MqApi.Bench.Comparison;
using MqApi.Bench.Scenarios;

if (args is ["--help" or "-h"])
{
    Console.WriteLine(BenchOptions.Usage);
    return 0;
}
if (BenchOptions.Parse(args) is not { } options) return 2;
LoadGeneratorSockets.RunCompletionsInline();
if (options.ReportFiles.Count > 0)
{
    Console.Write(ComparisonReport.Render(options.ReportFiles));
    return 0;
}

var endToEnd = new ResultTable(
    ["Hub protocol", "Consumers"],
    [
        new("Consumed msg/s", r => r.ConsumedPerSecond, "N0"),
        new("Published msg/s", r => r.ConfirmedPerSecond, "N0"),
        new("Deliver p50 ms", r => r.DeliveryLatencyMs?.P50, "0.0"),
        new("Deliver p99 ms", r => r.DeliveryLatencyMs?.P99, "0.0"),
        new("Ack p50 ms", r => r.AckLatencyMs?.P50, "0.0"),
        new("Backlog at end", r => r.Backlog, "N0"),
        new("Server CPU", r => r.ServerCores, "0.00"),
        new("Bench CPU", r => r.BenchCores, "0.00"),
    ]);
var publish = new ResultTable(
    ["Mode", "Publishers"],
    [
        new("Confirmed msg/s", r => r.ConfirmedPerSecond, "N0"),
        new("Confirm p50 ms", r => r.ConfirmLatencyMs?.P50, "0.0"),
        new("Confirm p99 ms", r => r.ConfirmLatencyMs?.P99, "0.0"),
        new("Server CPU", r => r.ServerCores, "0.00"),
        new("Bench CPU", r => r.BenchCores, "0.00"),
    ]);
var cases = new List<(IBenchCase Case, ResultTable? Table)>();
if (options.RunEndToEnd)
{
    foreach (var protocol in new[] { HubProtocolKind.Json, HubProtocolKind.MessagePack })
    {
        foreach (var consumers in new[] { 1, 10 }) cases.Add((new EndToEndCase(protocol, consumers, Publishers: 8, Prefetch: 100), endToEnd));
    }
}
if (options.RunPublish)
{
    cases.Add((new PersistentPublishCase(Publishers: 1, BatchSize: 0), publish));
    cases.Add((new PersistentPublishCase(Publishers: 16, BatchSize: 0), publish));
    cases.Add((new PersistentPublishCase(Publishers: 4, BatchSize: 100), publish));
}
var compareCases = options.RunCompare ? ComparisonSuite.Cases(options.Target) : [];
if (options.Only is { } only)
{
    cases.RemoveAll(c => !c.Case.ToString()!.Contains(only, StringComparison.OrdinalIgnoreCase));
    compareCases = [.. compareCases.Where(c => c.Case.ToString()!.Contains(only, StringComparison.OrdinalIgnoreCase))];
}
// Comparison cases have no table of their own: their figures go to ComparisonReport.
foreach (var compareCase in compareCases) cases.Add((compareCase.Case, null));
if (cases.Count == 0 && options.Only is { } unmatched)
{
    Console.Error.WriteLine($"--only \"{unmatched}\" matches no case of this scenario; each run prints its case's description, which is what --only matches.");
    return 2;
}

// Against hangs: twice the planned time plus 5 minutes for publishing and start-up. SIGINT and
// SIGTERM end it the same way, so the finally below still stops the server and removes the temp folder.
var planned = (options.Warmup + options.Duration + TimeSpan.FromSeconds(5)) * cases.Count * options.Runs;
// The backlog scenario has no planned length: it publishes until its messages are in (hours at most).
using var deadline = new CancellationTokenSource(options.RunBacklog ? TimeSpan.FromHours(3) : planned * 2 + TimeSpan.FromMinutes(5));
string? stoppedBy = null;
using var onInterrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);
using var onTerminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);
var cancellationToken = deadline.Token;

var workspace = Directory.CreateTempSubdirectory("mqapi-bench-");
ServerProcess? server = null;
var clock = Stopwatch.StartNew();
try
{
    var appFolder = options.AppFolder;
    if (appFolder is null && options.Target == BenchTarget.MqApi)
    {
        Console.WriteLine("Publishing src/MqApi (Release)...");
        appFolder = await AppPublisher.PublishAsync(Path.Combine(workspace.FullName, "app"), cancellationToken);
        Console.WriteLine($"Published in {clock.Elapsed.TotalSeconds:0.0} s.");
    }
    if (options.RunBacklog) return await BacklogScenario.RunAsync(appFolder!, Path.Combine(workspace.FullName, "backlog.db"), options, cancellationToken);
    if (options.Target == BenchTarget.MqApi)
    {
        server = await ServerProcess.StartAsync(appFolder!, Path.Combine(workspace.FullName, "bench.db"), cancellationToken);
        Console.WriteLine($"Server ready at {server.BaseAddress}.");
    }
    else
    {
        Console.WriteLine($"RabbitMQ: management API {options.RabbitMqUrl}, AMQP {options.AmqpUrl.Host}:{options.AmqpUrl.Port}, Web-STOMP {options.StompUrl}.");
    }
    Console.WriteLine($"Machine at start: {MachineInfo.Describe()}");
    Console.WriteLine($"Each run: {options.Warmup.TotalSeconds:0.#} s warm-up, {options.Duration.TotalSeconds:0.#} s measured; " +
        $"{options.Runs} run(s) per case, taken in turn across cases; payload {options.PayloadBytes} bytes.");

    using var rest = server is not null ? new BrokerRestClient(server.BaseAddress) : new BrokerRestClient(options.RabbitMqUrl, options.User, options.Password);
    var context = new BenchContext(server, rest, options, appFolder, workspace.FullName);
    var results = cases.Select(_ => new List<RunMetrics>()).ToList();
    for (var run = 1; run <= options.Runs; run++)
    {
        for (var i = 0; i < cases.Count; i++)
        {
            var metrics = await cases[i].Case.RunAsync(context, run, cancellationToken);
            results[i].Add(metrics);
            Console.WriteLine($"run {run}/{options.Runs} {cases[i].Case}: {Summary(metrics)}");
        }
    }
    for (var i = 0; i < cases.Count; i++)
    {
        cases[i].Table?.Add(cases[i].Case.Labels, results[i]);
    }

    Console.WriteLine();
    Console.WriteLine($"Machine at end: {MachineInfo.Describe()}; took {clock.Elapsed.TotalMinutes:0.0} min.");
    var all = results.SelectMany(r => r).ToList();
    var errors = all.Sum(r => r.Errors);
    Console.WriteLine($"Errors (failed publishes and acks, payloads without a timestamp) over all runs: {errors}; " +
        $"redeliveries seen: {all.Sum(r => r.Redelivered)}; load average at the end of each run: " +
        $"{all.Min(r => r.LoadAverage):0.0}–{all.Max(r => r.LoadAverage):0.0}.");
    if (options.RunEndToEnd)
    {
        Console.WriteLine();
        Console.Write(endToEnd.ToMarkdown());
    }
    if (options.RunPublish)
    {
        Console.WriteLine();
        Console.Write(publish.ToMarkdown());
    }
    if (options.RunCompare)
    {
        // The comparison cases are the last ones in the list; each gives one or more figures by key.
        var figures = new Dictionary<string, List<double>>();
        var first = cases.Count - compareCases.Count;
        for (var i = 0; i < compareCases.Count; i++)
        {
            foreach (var (key, value) in compareCases[i].Figures)
                figures[key] = [.. results[first + i].Select(value).Select(v => v ?? double.NaN)];
        }
        Console.WriteLine();
        Console.Write(ComparisonReport.RenderOne(options.Target, figures));
        if (options.JsonFile is { } file)
        {
            ComparisonReport.Write(file, options.Target, figures);
            Console.WriteLine($"Figures written to {file}.");
        }
    }
    return errors == 0 ? 0 : 1;
}
catch (Exception e)
{
    Console.Error.WriteLine(cancellationToken.IsCancellationRequested
        ? $"Bench stopped: {stoppedBy ?? "the deadline passed"} after {clock.Elapsed.TotalSeconds:0.0} s."
        : $"Bench error: {e}");
    if (server is not null) Console.Error.WriteLine($"Last server output:{Environment.NewLine}{server.RecentOutput()}");
    return 2;
}
finally
{
    if (server is not null) await server.DisposeAsync();
    workspace.Delete(recursive: true);
}

static string Summary(RunMetrics m) =>
    $"confirmed {m.ConfirmedPerSecond:N0}/s, consumed {m.ConsumedPerSecond:N0}/s, " +
    $"confirm p50/p99 {Ms(m.ConfirmLatencyMs)}, deliver p50/p99 {Ms(m.DeliveryLatencyMs)}, ack p50/p99 {Ms(m.AckLatencyMs)}, " +
    $"backlog {m.Backlog:N0}, server {m.ServerCores:0.00} cores, bench {m.BenchCores:0.00} cores, errors {m.Errors}, load {m.LoadAverage:0.0}" +
    (m.ReadySeconds is { } ready ? $", ready after {ready:0.00} s, idle RSS {m.IdleRssMiB:0} MiB" : "");

static string Ms((double P50, double P99)? latency) => latency is { } l ? $"{l.P50:0.0}/{l.P99:0.0} ms" : "–";

void Stop(PosixSignalContext context)
{
    context.Cancel = true;
    stoppedBy = $"{context.Signal} received";
    deadline.Cancel();
}
