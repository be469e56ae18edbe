namespace MqApi.Bench.Comparison;

/// <summary>
/// One row of the side-by-side table: a figure that MqApi and RabbitMQ each get from their own case of
/// the same workload. <see cref="HigherIsBetter"/> says which way is good; the ratio is always
/// MqApi / RabbitMQ, and <see cref="TargetRatio"/> is met when the ratio is at least it (higher is
/// better) or at most it (lower is better).
/// </summary>
internal sealed record ComparisonFigure(string Key, string Title, string Unit, bool HigherIsBetter, double TargetRatio, string Format)
{
    public string Target => (HigherIsBetter ? "≥ " : "≤ ") + TargetRatio.ToString("0.00", System.Globalization.CultureInfo.InvariantCulture);

    public bool IsMet(double ratio) => HigherIsBetter ? ratio >= TargetRatio : ratio <= TargetRatio;
}
