using System.Diagnostics;

namespace MqApi.Bench;

/// <summary>Latency samples in <see cref="Stopwatch"/> ticks, recorded from any thread; percentiles on demand.</summary>
internal sealed class LatencySamples
{
    // 2^20 samples (8 MB): more than a 2-core machine delivers in a measured window; later samples
    // are dropped (and counted in Recorded), not stored.
    private const int MaxSamples = 1 << 20;

    private readonly long[] _ticks = new long[MaxSamples];
    private long _recorded;

    public long Recorded => Interlocked.Read(ref _recorded);

    public void Record(long startTimestamp, long endTimestamp)
    {
        var index = Interlocked.Increment(ref _recorded) - 1;
        if (index < MaxSamples) _ticks[index] = endTimestamp - startTimestamp;
    }

    /// <summary>The 50th and 99th percentiles (nearest rank) in milliseconds; null without samples.</summary>
    public (double P50, double P99)? PercentilesMs()
    {
        var count = (int)Math.Min(Recorded, MaxSamples);
        if (count == 0) return null;
        var sorted = _ticks.AsSpan(0, count).ToArray();
        Array.Sort(sorted);
        return (ToMs(sorted, 0.50), ToMs(sorted, 0.99));
    }

    private static double ToMs(long[] sorted, double quantile)
    {
        var rank = (int)Math.Ceiling(quantile * sorted.Length) - 1;
        return sorted[Math.Clamp(rank, 0, sorted.Length - 1)] * 1000.0 / Stopwatch.Frequency;
    }
}
