using MqApi.Broker.Persistence;
using MqApi.Broker.Queues;

namespace MqApi.Broker;

/// <summary>What every vhost and queue of one broker shares: its store, its dead-letter sink and its clock.</summary>
public sealed record BrokerServices(IBrokerStore Store, IDeadLetterSink DeadLetters, TimeProvider Time)
{
    public long NowUnixMs => Time.GetUtcNow().ToUnixTimeMilliseconds();
}
