namespace MqApi.Broker;

public sealed partial class MessageBroker
{
    /// <summary>
    /// Samples every message counter (totals, queues, exchanges) so their rates cover the time since
    /// the previous sample; the host calls it every few seconds.
    /// </summary>
    public void SampleStatistics()
    {
        var now = _services.NowUnixMs;
        Totals.Sample(now);
        foreach (var vhost in _vhosts.Values)
        {
            foreach (var queue in vhost.Queues) queue.Stats.Sample(now);
            foreach (var exchange in vhost.Exchanges) exchange.Stats.Sample(now);
        }
    }
}
