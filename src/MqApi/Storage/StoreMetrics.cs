using System.Diagnostics.Metrics;

namespace MqApi.Storage;

/// <summary>The store's instruments on the MqApi meter: how long each group commit takes.</summary>
public sealed class StoreMetrics
{
    private readonly Histogram<double> _commitDuration;

    public StoreMetrics(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(MeterName);
        _commitDuration = meter.CreateHistogram(
            "mqapi.store.commit.duration", unit: "s",
            description: "Time to apply and commit one group-commit batch to SQLite (one fsync), in seconds.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5] });
    }

    /// <summary>The meter every MqApi instrument is on.</summary>
    public const string MeterName = "MqApi";

    public void RecordCommit(TimeSpan duration) => _commitDuration.Record(duration.TotalSeconds);
}
