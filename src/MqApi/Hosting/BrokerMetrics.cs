using System.Diagnostics.Metrics;
using MqApi.Broker;
using MqApi.Broker.Statistics;
using MqApi.Storage;

namespace MqApi.Hosting;

/// <summary>
/// The broker's instruments on the MqApi meter. All are observed at scrape time from the counters the
/// broker keeps anyway (the ones behind message_stats), so metrics add no work to the message path.
/// OpenTelemetry's Prometheus exporter names them <c>mqapi_messages_published_total</c> and so on.
/// </summary>
public sealed class BrokerMetrics
{
    public BrokerMetrics(IMeterFactory meterFactory, MessageBroker broker)
    {
        var meter = meterFactory.Create(StoreMetrics.MeterName);
        var totals = broker.Totals;
        Counter(meter, totals, "published", "Messages published by clients.", MessageStat.Publish);
        Counter(meter, totals, "routed", "Client publishes that reached at least one queue.", MessageStat.Routed);
        Counter(meter, totals, "unroutable", "Publishes that reached no queue: returned to the client (routed:false) or, for dead letters, dropped.",
            MessageStat.ReturnUnroutable, MessageStat.DropUnroutable);
        Counter(meter, totals, "confirmed", "Publishes answered after their message was stored.", MessageStat.Confirm);
        Counter(meter, totals, "delivered", "Messages handed to clients: pushed to consumers or taken by gets, with or without ack.",
            MessageStat.Deliver, MessageStat.DeliverNoAck, MessageStat.Get, MessageStat.GetNoAck);
        Counter(meter, totals, "acked", "Deliveries acked by clients.", MessageStat.Ack);
        Counter(meter, totals, "nacked", "Deliveries nacked or rejected by clients, requeued or not.", MessageStat.Nack);
        Counter(meter, totals, "redelivered", "Deliveries of messages that had been delivered before.", MessageStat.Redeliver);
        Counter(meter, totals, "dead_lettered", "Messages that left a queue for its dead-letter exchange.", MessageStat.DeadLetter);

        meter.CreateObservableGauge("mqapi.queue.messages.ready", () => PerQueue(broker, c => c.MessagesReady),
            description: "Messages ready for delivery, per queue.");
        meter.CreateObservableGauge("mqapi.queue.messages.unacked", () => PerQueue(broker, c => c.MessagesUnacknowledged),
            description: "Messages delivered and not yet settled, per queue.");
        meter.CreateObservableGauge("mqapi.queue.consumers", () => PerQueue(broker, c => c.Consumers),
            description: "Consumers, per queue.");
        meter.CreateObservableGauge("mqapi.connections", () => broker.Sessions.Count,
            description: "Open hub connections.");
    }

    private static void Counter(Meter meter, MessageStats totals, string name, string description, params MessageStat[] stats) =>
        meter.CreateObservableCounter($"mqapi.messages.{name}", () => stats.Sum(s => totals[s]), description: description);

    private static IEnumerable<Measurement<int>> PerQueue(MessageBroker broker, Func<Broker.Queues.QueueCounters, int> value) =>
        broker.Vhosts.SelectMany(v => v.Queues).Select(q => new Measurement<int>(
            value(q.Counters), new KeyValuePair<string, object?>("vhost", q.Vhost), new KeyValuePair<string, object?>("queue", q.Name)));
}
