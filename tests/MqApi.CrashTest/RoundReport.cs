using System.Diagnostics;

namespace MqApi.CrashTest;

/// <summary>What one round measured, the checks it failed, and how long it took; printed as a short table.</summary>
internal sealed class RoundReport(string title)
{
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly List<(string Label, string Value)> _facts = [];
    private readonly List<string> _failures = [];

    public bool Passed => _failures.Count == 0;

    public void Fact(string label, object value) => _facts.Add((label, Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture) ?? ""));

    /// <summary>Records <paramref name="failure"/> unless <paramref name="holds"/>.</summary>
    public void Check(bool holds, string failure)
    {
        if (!holds) _failures.Add(failure);
    }

    /// <summary>The first few ids of a list, for a failure message.</summary>
    public static string Sample(IEnumerable<string> ids) => string.Join(", ", ids.Take(5));

    public void Print(TextWriter output)
    {
        output.WriteLine($"== {title} ==");
        foreach (var (label, value) in _facts) output.WriteLine($"  {label,-34} {value}");
        output.WriteLine($"  {"time",-34} {_clock.Elapsed.TotalSeconds:0.0} s");
        if (Passed) output.WriteLine("  PASS");
        foreach (var failure in _failures) output.WriteLine($"  FAIL: {failure}");
        output.WriteLine();
    }
}
