using System.Globalization;

namespace MqApi.Bench;

/// <summary>Which broker the cases run against.</summary>
internal enum BenchTarget
{
    /// <summary>MqApi, published and started by this tool as its own process.</summary>
    MqApi,

    /// <summary>A RabbitMQ already running: management HTTP API at --url, AMQP at --amqp-url, Web-STOMP at --stomp-url.</summary>
    RabbitMq,
}

/// <summary>The command line: which scenarios, how long each phase lasts, how many runs per case.</summary>
internal sealed record BenchOptions
{
    public const string Usage = """
        usage: MqApi.Bench [--app <folder with a published MqApi.dll>] [--scenario all|e2e|publish|compare|backlog]
                           [--warmup <seconds>] [--duration <seconds>] [--runs <n>] [--payload-bytes <n>]
                           [--target mqapi|rabbitmq] [--url <management base URL>] [--user <name>] [--password <p>]
                           [--amqp-url <amqp://...>] [--stomp-url <ws://...>] [--json <file>] [--only <text>]
                           [--messages <n>]
               MqApi.Bench --report <mqapi.json> <rabbitmq.json> [<more.json>...]
        defaults: --scenario all --warmup 3 --duration 10 --runs 3 --payload-bytes 100 --target mqapi
                  --user guest --password guest; with --target rabbitmq: --url http://127.0.0.1:15672/
                  --amqp-url amqp://guest:guest@127.0.0.1:5672/ --stomp-url ws://127.0.0.1:15674/ws
                  --messages 1000000 (backlog is not part of all: it runs alone, with --messages)
        """;

    /// <summary>A published server to run; null to publish src/MqApi (Release) into a temp folder first.</summary>
    public string? AppFolder { get; init; }
    public bool RunEndToEnd { get; init; } = true;
    public bool RunPublish { get; init; } = true;
    /// <summary>The workloads of the side-by-side comparison with RabbitMQ (README, "Comparison").</summary>
    public bool RunCompare { get; init; }
    public TimeSpan Warmup { get; init; } = TimeSpan.FromSeconds(3);
    public TimeSpan Duration { get; init; } = TimeSpan.FromSeconds(10);
    public int Runs { get; init; } = 3;
    public int PayloadBytes { get; init; } = 100;
    public BenchTarget Target { get; init; } = BenchTarget.MqApi;
    /// <summary>The management base URL of a RabbitMQ target.</summary>
    public Uri RabbitMqUrl { get; init; } = new("http://127.0.0.1:15672/");
    public string User { get; init; } = "guest";
    public string Password { get; init; } = "guest";
    public Uri AmqpUrl { get; init; } = new("amqp://guest:guest@127.0.0.1:5672/");
    public Uri StompUrl { get; init; } = new("ws://127.0.0.1:15674/ws");
    /// <summary>Where to write the comparison figures as JSON (for --report); null for none.</summary>
    public string? JsonFile { get; init; }
    /// <summary>Runs only the cases whose description contains this text (case-insensitive); null for all.</summary>
    public string? Only { get; init; }
    /// <summary>With --report: the figure files to put side by side; the tool runs nothing then.</summary>
    public IReadOnlyList<string> ReportFiles { get; init; } = [];
    /// <summary>The backlog scenario instead of the tables; how many messages it leaves waiting.</summary>
    public bool RunBacklog { get; init; }
    public int Messages { get; init; } = 1_000_000;

    /// <summary>Parses the arguments; null (and a message on stderr) when they are not understood.</summary>
    public static BenchOptions? Parse(string[] args)
    {
        if (args is ["--report", .. var files] && files.Length >= 2)
            return new BenchOptions { ReportFiles = [.. files.Select(Path.GetFullPath)] };
        var options = new BenchOptions();
        for (var i = 0; i < args.Length; i++)
        {
            var value = i + 1 < args.Length ? args[i + 1] : null;
            BenchOptions? next = (args[i], value) switch
            {
                ("--app", { } folder) => options with { AppFolder = Path.GetFullPath(folder) },
                ("--scenario", "all") => options with { RunEndToEnd = true, RunPublish = true, RunCompare = false },
                ("--scenario", "e2e") => options with { RunEndToEnd = true, RunPublish = false, RunCompare = false },
                ("--scenario", "publish") => options with { RunEndToEnd = false, RunPublish = true, RunCompare = false },
                ("--scenario", "compare") => options with { RunEndToEnd = false, RunPublish = false, RunCompare = true },
                ("--scenario", "backlog") => options with { RunEndToEnd = false, RunPublish = false, RunCompare = false, RunBacklog = true },
                ("--messages", { } n) when Number(n, 1, 100_000_000) is { } messages => options with { Messages = messages },
                ("--warmup", { } s) when Seconds(s, 0, 60) is { } t => options with { Warmup = t },
                ("--duration", { } s) when Seconds(s, 1, 120) is { } t => options with { Duration = t },
                ("--runs", { } n) when Number(n, 1, 9) is { } runs => options with { Runs = runs },
                ("--payload-bytes", { } n) when Number(n, 32, 1 << 20) is { } bytes => options with { PayloadBytes = bytes },
                ("--target", "mqapi") => options with { Target = BenchTarget.MqApi },
                ("--target", "rabbitmq") => options with { Target = BenchTarget.RabbitMq },
                ("--url", { } url) when Url(url, "http") is { } uri => options with { RabbitMqUrl = uri },
                ("--user", { Length: > 0 } user) => options with { User = user },
                ("--password", { } password) => options with { Password = password },
                ("--amqp-url", { } url) when Url(url, "amqp") is { } uri => options with { AmqpUrl = uri },
                ("--stomp-url", { } url) when Url(url, "ws") is { } uri => options with { StompUrl = uri },
                ("--json", { } file) => options with { JsonFile = Path.GetFullPath(file) },
                ("--only", { Length: > 0 } text) => options with { Only = text },
                _ => null,
            };
            if (next is null)
            {
                Console.Error.WriteLine($"not understood: {args[i]} {value}");
                Console.Error.WriteLine(Usage);
                return null;
            }
            options = next;
            i++;
        }
        if (options.Target == BenchTarget.RabbitMq && (options.RunEndToEnd || options.RunPublish))
        {
            Console.Error.WriteLine("--target rabbitmq runs only --scenario compare (the other tables use MqApi's hub and publish-batch).");
            return null;
        }
        return options;
    }

    private static TimeSpan? Seconds(string text, double min, double max) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var s) && s >= min && s <= max
            ? TimeSpan.FromSeconds(s)
            : null;

    private static int? Number(string text, int min, int max) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n >= min && n <= max ? n : null;

    /// <summary>An absolute URL whose scheme starts with <paramref name="scheme"/>, ending in '/' so relative paths append.</summary>
    private static Uri? Url(string text, string scheme) =>
        Uri.TryCreate(text.EndsWith('/') || scheme != "http" ? text : text + "/", UriKind.Absolute, out var uri) &&
        uri.Scheme.StartsWith(scheme, StringComparison.Ordinal)
            ? uri
            : null;
}
