using Microsoft.Extensions.Logging;
using MqApi.Broker.Persistence;
using MqApi.Broker.Queues;
using MqApi.Broker.Statistics;

namespace MqApi.Broker;

/// <summary>
/// What every vhost and queue of one broker shares: its store, its dead-letter sink, its clock, its
/// log, its message totals and how many ready messages a durable queue keeps in memory
/// (<see cref="BrokerOptions.QueueMemoryWindow"/>).
/// </summary>
public sealed record BrokerServices(
    IBrokerStore Store, IDeadLetterSink DeadLetters, TimeProvider Time, ILogger Log,
    int QueueMemoryWindow, long QueueMemoryWindowBytes)
{
    public long NowUnixMs => Time.GetUtcNow().ToUnixTimeMilliseconds();

    /// <summary>The broker-wide message counters (/api/overview's message_stats, the metrics).</summary>
    public MessageStats Totals { get; } = new();
}
