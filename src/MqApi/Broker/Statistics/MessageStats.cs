namespace MqApi.Broker.Statistics;

/// <summary>
/// Message counters of one queue, one exchange or the whole broker, with their rates. Counting is one
/// <see cref="Interlocked"/> add, no lock, so it can sit on the publish and delivery paths. Rates are
/// computed by <see cref="Sample"/>, which a timer calls every few seconds: each rate is the change
/// since the previous sample per second (RabbitMQ's rates work the same way, over 5 s by default).
/// Kept in memory only: the counters start from zero when the broker starts, as RabbitMQ's do.
/// </summary>
public sealed class MessageStats
{
    private static readonly int StatCount = Enum.GetValues<MessageStat>().Length;

    private readonly long[] _counts = new long[StatCount];
    private readonly double[] _rates = new double[StatCount];
    private readonly long[] _sampled = new long[StatCount];
    private long _sampledAtUnixMs = -1;

    public void Add(MessageStat stat, long count = 1) => Interlocked.Add(ref _counts[(int)stat], count);

    public long this[MessageStat stat] => Interlocked.Read(ref _counts[(int)stat]);

    /// <summary>Per second, between the last two samples; 0 until there have been two.</summary>
    public double Rate(MessageStat stat) => Volatile.Read(ref _rates[(int)stat]);

    /// <summary>True until something is counted (RabbitMQ leaves message_stats empty then).</summary>
    public bool IsEmpty => Array.TrueForAll(_counts, c => c == 0);

    /// <summary>Takes a sample: rates become the change since the previous one, per second.</summary>
    public void Sample(long nowUnixMs)
    {
        lock (_sampled)
        {
            var seconds = (nowUnixMs - _sampledAtUnixMs) / 1000.0;
            for (var i = 0; i < StatCount; i++)
            {
                var count = Interlocked.Read(ref _counts[i]);
                if (_sampledAtUnixMs >= 0 && seconds > 0) Volatile.Write(ref _rates[i], (count - _sampled[i]) / seconds);
                _sampled[i] = count;
            }
            _sampledAtUnixMs = nowUnixMs;
        }
    }
}
