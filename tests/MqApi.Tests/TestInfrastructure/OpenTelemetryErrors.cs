using System.Diagnostics.Tracing;

namespace MqApi.Tests.TestInfrastructure;

/// <summary>
/// The errors OpenTelemetry reported in this test process. Its Prometheus exporter answers a failed
/// scrape with a bare 500 and tells the reason only to its own EventSource, so a test that sees the
/// 500 asks here why. One listener for the process: every host's exporter writes to the same sources.
/// </summary>
public sealed class OpenTelemetryErrors : EventListener
{
    private const int Kept = 20;
    private readonly Queue<string> _recent = new();

    public static OpenTelemetryErrors Instance { get; } = new();

    /// <summary>The latest errors, oldest first, one per line.</summary>
    public string Recent()
    {
        lock (_recent) return _recent.Count == 0 ? "(none)" : string.Join("\n", _recent);
    }

    protected override void OnEventSourceCreated(EventSource source)
    {
        if (source.Name.StartsWith("OpenTelemetry", StringComparison.Ordinal)) EnableEvents(source, EventLevel.Error);
    }

    protected override void OnEventWritten(EventWrittenEventArgs entry)
    {
        var line = $"{entry.TimeStamp:HH:mm:ss.fff} {entry.EventSource.Name}/{entry.EventName}: {string.Join(" | ", entry.Payload ?? [])}";
        lock (_recent)
        {
            _recent.Enqueue(line);
            if (_recent.Count > Kept) _recent.Dequeue();
        }
    }
}
