using MqApi.Broker.Persistence;
using MqApi.Broker.Queues;
using MqApi.Broker.Statistics;

namespace MqApi.Broker;

/// <summary>What every vhost and queue of one broker shares: its store, its dead-letter sink, its clock and its message totals.</summary>
public sealed record BrokerServices(IBrokerStore Store, IDeadLetterSink DeadLetters, TimeProvider Time)
{
    public long NowUnixMs => Time.GetUtcNow().ToUnixTimeMilliseconds();

    /// <summary>The broker-wide message counters (/api/overview's message_stats, the metrics).</summary>
    public MessageStats Totals { get; } = new();
}
