using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using MqApi.ServerHarness;

namespace MqApi.Bench.Scenarios;

/// <summary>The Node consumer a <see cref="NodeConsumerCase"/> runs (tools/bench-node).</summary>
internal enum NodeConsumerKind
{
    /// <summary>hub-consumer.mjs: @microsoft/signalr against MqApi's hub.</summary>
    SignalR,

    /// <summary>stomp-consumer.mjs: @stomp/stompjs against RabbitMQ's Web-STOMP.</summary>
    Stomp,
}

/// <summary>
/// A Node consumer draining a pre-filled durable queue: the queue is filled first (see
/// <see cref="Clients.QueueFiller"/>), then the Node process connects, subscribes with prefetch
/// <paramref name="Prefetch"/> and acks each message as <paramref name="AckMode"/> says. The Node
/// process measures: from its first delivery it skips the warm-up, then counts deliveries for the
/// measured duration (or until the queue is empty). Nothing else runs meanwhile.
/// </summary>
/// <param name="AckMode">SignalR: <c>invoke</c>, <c>send</c> or <c>auto</c>; STOMP: <c>client-individual</c> or <c>auto</c>.</param>
internal sealed record NodeConsumerCase(NodeConsumerKind Kind, string AckMode, int Prefetch = 200, string HubProtocol = "json") : IBenchCase
{
    private static readonly TimeSpan NodeTimeout = TimeSpan.FromMinutes(3);

    public IReadOnlyList<string> Labels =>
        [Kind == NodeConsumerKind.SignalR ? $"Node @microsoft/signalr ({HubProtocol})" : "Node @stomp/stompjs", $"ack {AckMode}, prefetch {Prefetch}"];

    public override string ToString() => $"{Labels[0]}, {Labels[1]}";

    public async Task<RunMetrics> RunAsync(BenchContext context, int run, CancellationToken cancellationToken)
    {
        var queue = BenchContext.QueueName($"node-{Kind}-{AckMode}", run).ToLowerInvariant();
        await context.Rest.DeclareDurableQueueAsync(queue, cancellationToken);
        try
        {
            var messages = context.DrainMessages;
            await Clients.QueueFiller.FillAsync(context, queue, messages, cancellationToken);
            var common = new[]
            {
                "--queue", queue, "--prefetch", Invariant(Prefetch), "--ack", AckMode, "--expected", Invariant(messages),
                "--warmup", Invariant(context.Options.Warmup.TotalSeconds), "--duration", Invariant(context.Options.Duration.TotalSeconds),
            };
            string[] arguments = Kind == NodeConsumerKind.SignalR
                ? ["hub-consumer.mjs", "--url", context.Rest.BaseAddress.ToString(), "--token", await context.Rest.CreateTokenAsync(cancellationToken), "--protocol", HubProtocol, .. common]
                : ["stomp-consumer.mjs", "--url", context.Options.StompUrl.ToString(), "--user", context.Options.User, "--password", context.Options.Password, .. common];
            var result = await RunNodeAsync(arguments, cancellationToken);
            return new RunMetrics
            {
                ConsumedPerSecond = result.GetProperty("perSecond").GetDouble(),
                Errors = result.GetProperty("errors").GetInt64(),
                LoadAverage = MachineInfo.LoadAverage(),
            };
        }
        finally
        {
            await context.Rest.DeleteQueueAsync(queue, cancellationToken);
        }
    }

    private static async Task<JsonElement> RunNodeAsync(string[] arguments, CancellationToken cancellationToken)
    {
        var folder = NodeFolder();
        var start = new ProcessStartInfo("node") { WorkingDirectory = folder };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        var (exitCode, output, errors) = await ChildProcess.RunAsync(start, NodeTimeout, cancellationToken);
        var lastLine = output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault();
        if (exitCode != 0 || lastLine is null)
            throw new InvalidOperationException($"node {arguments[0]} exited with {exitCode}: {errors}{lastLine}");
        return JsonSerializer.Deserialize<JsonElement>(lastLine);
    }

    /// <summary>tools/bench-node, looked for above this program's folder and the working folder; it must have been npm-installed.</summary>
    private static string NodeFolder()
    {
        var folder = Path.GetDirectoryName(RepositoryFiles.Find(Path.Combine("tools", "bench-node", "package.json"))
            ?? throw new InvalidOperationException("Cannot find tools/bench-node above this program's folder or the working folder."))!;
        if (!Directory.Exists(Path.Combine(folder, "node_modules")))
            throw new InvalidOperationException($"{folder} has no node_modules: run `npm ci` there first.");
        return folder;
    }

    private static string Invariant(double value) => value.ToString(CultureInfo.InvariantCulture);
}
