using MqApi.Api.Contracts;
using MqApi.Broker.Statistics;

namespace MqApi.Api;

/// <summary>Broker message counters as RabbitMQ's <c>message_stats</c> objects.</summary>
public static class MessageStatsMapping
{
    public static OverviewMessageStats ToOverview(MessageStats s) => new(
        s[MessageStat.Publish], Rate(s, MessageStat.Publish),
        s[MessageStat.Confirm], Rate(s, MessageStat.Confirm),
        s[MessageStat.ReturnUnroutable], Rate(s, MessageStat.ReturnUnroutable),
        s[MessageStat.DropUnroutable], Rate(s, MessageStat.DropUnroutable),
        s[MessageStat.Deliver], Rate(s, MessageStat.Deliver),
        s[MessageStat.DeliverNoAck], Rate(s, MessageStat.DeliverNoAck),
        s[MessageStat.Get], Rate(s, MessageStat.Get),
        s[MessageStat.GetNoAck], Rate(s, MessageStat.GetNoAck),
        DeliverGet(s), DeliverGetRate(s),
        s[MessageStat.Redeliver], Rate(s, MessageStat.Redeliver),
        s[MessageStat.Ack], Rate(s, MessageStat.Ack));

    public static QueueMessageStats ToQueue(MessageStats s) => new(
        s[MessageStat.Publish], Rate(s, MessageStat.Publish),
        s[MessageStat.Deliver], Rate(s, MessageStat.Deliver),
        s[MessageStat.DeliverNoAck], Rate(s, MessageStat.DeliverNoAck),
        s[MessageStat.Get], Rate(s, MessageStat.Get),
        s[MessageStat.GetNoAck], Rate(s, MessageStat.GetNoAck),
        DeliverGet(s), DeliverGetRate(s),
        s[MessageStat.Redeliver], Rate(s, MessageStat.Redeliver),
        s[MessageStat.Ack], Rate(s, MessageStat.Ack));

    public static ExchangeMessageStats ToExchange(MessageStats s) => new(
        s[MessageStat.PublishIn], Rate(s, MessageStat.PublishIn),
        s[MessageStat.PublishOut], Rate(s, MessageStat.PublishOut));

    private static RateDetails Rate(MessageStats s, MessageStat stat) => new(Math.Round(s.Rate(stat), 1));

    /// <summary>RabbitMQ's deliver_get: every way a message left for a client (deliveries and gets, with and without ack).</summary>
    private static long DeliverGet(MessageStats s) =>
        s[MessageStat.Deliver] + s[MessageStat.DeliverNoAck] + s[MessageStat.Get] + s[MessageStat.GetNoAck];

    private static RateDetails DeliverGetRate(MessageStats s) => new(Math.Round(
        s.Rate(MessageStat.Deliver) + s.Rate(MessageStat.DeliverNoAck) + s.Rate(MessageStat.Get) + s.Rate(MessageStat.GetNoAck), 1));
}
