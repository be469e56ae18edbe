using System.Globalization;

namespace MqApi.Bench;

/// <summary>The command line: which scenarios, how long each phase lasts, how many runs per case.</summary>
internal sealed record BenchOptions
{
    public const string Usage = """
        usage: MqApi.Bench [--app <folder with a published MqApi.dll>] [--scenario all|e2e|publish|backlog]
                           [--warmup <seconds>] [--duration <seconds>] [--runs <n>] [--payload-bytes <n>]
                           [--messages <n>]
        defaults: --scenario all --warmup 3 --duration 10 --runs 3 --payload-bytes 100 --messages 1000000
        (backlog is not part of all: it runs alone, with --messages)
        """;

    /// <summary>A published server to run; null to publish src/MqApi (Release) into a temp folder first.</summary>
    public string? AppFolder { get; init; }
    public bool RunEndToEnd { get; init; } = true;
    public bool RunPublish { get; init; } = true;
    public TimeSpan Warmup { get; init; } = TimeSpan.FromSeconds(3);
    public TimeSpan Duration { get; init; } = TimeSpan.FromSeconds(10);
    public int Runs { get; init; } = 3;
    public int PayloadBytes { get; init; } = 100;
    /// <summary>The backlog scenario instead of the tables; how many messages it leaves waiting.</summary>
    public bool RunBacklog { get; init; }
    public int Messages { get; init; } = 1_000_000;

    /// <summary>Parses the arguments; null (and a message on stderr) when they are not understood.</summary>
    public static BenchOptions? Parse(string[] args)
    {
        var options = new BenchOptions();
        for (var i = 0; i < args.Length; i++)
        {
            var value = i + 1 < args.Length ? args[i + 1] : null;
            BenchOptions? next = (args[i], value) switch
            {
                ("--app", { } folder) => options with { AppFolder = Path.GetFullPath(folder) },
                ("--scenario", "all") => options with { RunEndToEnd = true, RunPublish = true },
                ("--scenario", "e2e") => options with { RunEndToEnd = true, RunPublish = false },
                ("--scenario", "publish") => options with { RunEndToEnd = false, RunPublish = true },
                ("--scenario", "backlog") => options with { RunEndToEnd = false, RunPublish = false, RunBacklog = true },
                ("--messages", { } n) when Number(n, 1, 100_000_000) is { } messages => options with { Messages = messages },
                ("--warmup", { } s) when Seconds(s, 0, 60) is { } t => options with { Warmup = t },
                ("--duration", { } s) when Seconds(s, 1, 120) is { } t => options with { Duration = t },
                ("--runs", { } n) when Number(n, 1, 9) is { } runs => options with { Runs = runs },
                ("--payload-bytes", { } n) when Number(n, 32, 1 << 20) is { } bytes => options with { PayloadBytes = bytes },
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
        return options;
    }

    private static TimeSpan? Seconds(string text, double min, double max) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var s) && s >= min && s <= max
            ? TimeSpan.FromSeconds(s)
            : null;

    private static int? Number(string text, int min, int max) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n >= min && n <= max ? n : null;
}
