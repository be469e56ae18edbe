using System.Diagnostics;

namespace MqApi.Bench;

/// <summary>
/// What one run counts while its measuring window is open: confirmed publishes, consumed deliveries,
/// and latency samples. Warm-up traffic is not counted; errors are counted in both phases, since any
/// error makes the run suspect. Safe to use from every publisher and consumer at once.
/// </summary>
internal sealed class Measurement
{
    private long _confirmed;
    private long _consumed;
    private long _redelivered;
    private long _errors;
    private volatile bool _isOpen;
    private long _openedAt;
    private long _closedAt;

    public bool IsOpen => _isOpen;
    public long Confirmed => Interlocked.Read(ref _confirmed);
    public long Consumed => Interlocked.Read(ref _consumed);
    public long Redelivered => Interlocked.Read(ref _redelivered);
    public long Errors => Interlocked.Read(ref _errors);
    public TimeSpan Window => Stopwatch.GetElapsedTime(_openedAt, _closedAt);

    /// <summary>A publish request's start until its confirm (200 with every message routed) arrived.</summary>
    public LatencySamples ConfirmLatency { get; } = new();

    /// <summary>A publish request's start until the consumer's Deliver for that message arrived.</summary>
    public LatencySamples DeliveryLatency { get; } = new();

    /// <summary>A consumer's Ack invocation until the server answered it (the ack is stored by then).</summary>
    public LatencySamples AckLatency { get; } = new();

    public void Open()
    {
        _openedAt = Stopwatch.GetTimestamp();
        _isOpen = true;
    }

    public void Close()
    {
        _isOpen = false;
        _closedAt = Stopwatch.GetTimestamp();
    }

    /// <summary>Counts <paramref name="count"/> publishes confirmed now, and the latency of their request.</summary>
    public void CountConfirmed(int count, long startTimestamp, long endTimestamp)
    {
        if (!_isOpen) return;
        Interlocked.Add(ref _confirmed, count);
        ConfirmLatency.Record(startTimestamp, endTimestamp);
    }

    /// <summary>Counts one delivery that arrived at <paramref name="arrivedAt"/>, published at <paramref name="publishedAt"/>.</summary>
    public void CountConsumed(long publishedAt, long arrivedAt, bool redelivered)
    {
        if (!_isOpen) return;
        Interlocked.Increment(ref _consumed);
        if (redelivered) Interlocked.Increment(ref _redelivered);
        DeliveryLatency.Record(publishedAt, arrivedAt);
    }

    public void RecordAck(long startTimestamp, long endTimestamp)
    {
        if (_isOpen) AckLatency.Record(startTimestamp, endTimestamp);
    }

    public void CountError() => Interlocked.Increment(ref _errors);

    public double PerSecond(long count) => count / Window.TotalSeconds;
}
