using System.Globalization;
using System.Text;

namespace MqApi.Bench;

/// <summary>
/// A markdown table: one row per case, its label columns, then one column per figure. With several
/// runs a cell is the median and, in brackets, the lowest and highest run.
/// </summary>
internal sealed class ResultTable(IReadOnlyList<string> labelHeaders, IReadOnlyList<ResultTable.Column> columns)
{
    private readonly List<(IReadOnlyList<string> Labels, IReadOnlyList<RunMetrics> Runs)> _rows = [];

    /// <summary>A figure: its header, how to read it from a run (null where it does not apply) and its format.</summary>
    public sealed record Column(string Header, Func<RunMetrics, double?> Value, string Format);

    public void Add(IReadOnlyList<string> labels, IReadOnlyList<RunMetrics> runs) => _rows.Add((labels, runs));

    public string ToMarkdown()
    {
        var text = new StringBuilder();
        var headers = labelHeaders.Concat(columns.Select(c => c.Header)).ToList();
        text.AppendLine("| " + string.Join(" | ", headers) + " |");
        text.AppendLine("|" + string.Join("|", labelHeaders.Select(_ => "---").Concat(columns.Select(_ => "---:"))) + "|");
        foreach (var (labels, runs) in _rows)
        {
            var cells = labels.Concat(columns.Select(c => Cell(runs, c)));
            text.AppendLine("| " + string.Join(" | ", cells) + " |");
        }
        return text.ToString();
    }

    private static string Cell(IReadOnlyList<RunMetrics> runs, Column column)
    {
        var values = runs.Select(column.Value).OfType<double>().Order().ToList();
        if (values.Count == 0) return "–";
        var median = values.Count % 2 == 1 ? values[values.Count / 2] : (values[values.Count / 2 - 1] + values[values.Count / 2]) / 2;
        var cell = Format(median, column.Format);
        return values.Count == 1 ? cell : $"{cell} ({Format(values[0], column.Format)}–{Format(values[^1], column.Format)})";
    }

    private static string Format(double value, string format) => value.ToString(format, CultureInfo.InvariantCulture);
}
