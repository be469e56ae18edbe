using System.Globalization;
using System.Text;
using System.Text.Json;

namespace MqApi.Bench.Comparison;

/// <summary>
/// The figures of one target's comparison run, as a JSON file:
/// <c>{"target":"mqapi","machine":"...","figures":{"key":[run1, run2, ...]}}</c>. scripts/compare-rabbitmq.sh
/// writes RabbitMQ's start and memory figures in the same shape. <see cref="Render"/> puts the files of
/// both targets side by side as one markdown table.
/// </summary>
internal static class ComparisonReport
{
    public static void Write(string file, BenchTarget target, IReadOnlyDictionary<string, List<double>> figures)
    {
        var document = new Dictionary<string, object>
        {
            ["target"] = target == BenchTarget.MqApi ? "mqapi" : "rabbitmq",
            ["machine"] = MachineInfo.Describe(),
            ["figures"] = figures,
        };
        File.WriteAllText(file, JsonSerializer.Serialize(document, new JsonSerializerOptions { WriteIndented = true }));
    }

    /// <summary>The table: workload | MqApi | RabbitMQ | ratio | target | met?; medians with (min–max) over runs.</summary>
    public static string Render(IReadOnlyList<string> files)
    {
        var values = new Dictionary<(string Target, string Key), List<double>>();
        foreach (var file in files)
        {
            var document = JsonSerializer.Deserialize<JsonElement>(File.ReadAllText(file));
            var target = document.GetProperty("target").GetString() ?? throw new InvalidDataException($"{file}: no target");
            foreach (var figure in document.GetProperty("figures").EnumerateObject())
            {
                var list = values.TryGetValue((target, figure.Name), out var existing) ? existing : values[(target, figure.Name)] = [];
                list.AddRange(figure.Value.EnumerateArray().Where(v => v.ValueKind == JsonValueKind.Number).Select(v => v.GetDouble()).Where(double.IsFinite));
            }
        }
        var text = new StringBuilder();
        text.AppendLine("| workload | unit | MqApi | RabbitMQ | ratio | target | met? |");
        text.AppendLine("|---|---|---:|---:|---:|---:|---|");
        foreach (var figure in ComparisonSuite.Figures)
        {
            var mqapi = values.GetValueOrDefault(("mqapi", figure.Key));
            var rabbit = values.GetValueOrDefault(("rabbitmq", figure.Key));
            var ratio = Median(mqapi) is { } m && Median(rabbit) is { } r && r > 0 ? m / r : (double?)null;
            text.AppendLine($"| {figure.Title} | {figure.Unit} | {Cell(mqapi, figure.Format)} | {Cell(rabbit, figure.Format)} | " +
                $"{(ratio is { } x ? x.ToString("0.00", CultureInfo.InvariantCulture) : "–")} | {figure.Target} | " +
                $"{(ratio is { } y ? (figure.IsMet(y) ? "yes" : "no") : "–")} |");
        }
        return text.ToString();
    }

    /// <summary>One target's figures as a table: workload | unit | median (min–max).</summary>
    public static string RenderOne(BenchTarget target, IReadOnlyDictionary<string, List<double>> figures)
    {
        var text = new StringBuilder();
        text.AppendLine($"| workload | unit | {(target == BenchTarget.MqApi ? "MqApi" : "RabbitMQ")} |");
        text.AppendLine("|---|---|---:|");
        foreach (var figure in ComparisonSuite.Figures.Where(f => figures.ContainsKey(f.Key)))
            text.AppendLine($"| {figure.Title} | {figure.Unit} | {Cell([.. figures[figure.Key].Where(double.IsFinite)], figure.Format)} |");
        return text.ToString();
    }

    private static double? Median(List<double>? runs)
    {
        if (runs is not { Count: > 0 }) return null;
        var sorted = runs.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;
    }

    private static string Cell(List<double>? runs, string format)
    {
        if (Median(runs) is not { } median) return "–";
        var cell = median.ToString(format, CultureInfo.InvariantCulture);
        return runs!.Count == 1 ? cell : $"{cell} ({runs.Min().ToString(format, CultureInfo.InvariantCulture)}–{runs.Max().ToString(format, CultureInfo.InvariantCulture)})";
    }
}
