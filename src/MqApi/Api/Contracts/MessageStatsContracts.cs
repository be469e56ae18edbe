namespace MqApi.Api.Contracts;

/// <summary>A counter's rate, per second, as RabbitMQ's <c>&lt;name&gt;_details</c>.</summary>
public sealed record RateDetails(double Rate);

/// <summary><c>message_stats</c> of /api/overview: every message the broker handled since it started.</summary>
public sealed record OverviewMessageStats(
    long Publish, RateDetails PublishDetails,
    long Confirm, RateDetails ConfirmDetails,
    long ReturnUnroutable, RateDetails ReturnUnroutableDetails,
    long DropUnroutable, RateDetails DropUnroutableDetails,
    long Deliver, RateDetails DeliverDetails,
    long DeliverNoAck, RateDetails DeliverNoAckDetails,
    long Get, RateDetails GetDetails,
    long GetNoAck, RateDetails GetNoAckDetails,
    long DeliverGet, RateDetails DeliverGetDetails,
    long Redeliver, RateDetails RedeliverDetails,
    long Ack, RateDetails AckDetails);

/// <summary><c>message_stats</c> of a queue: messages into it, and out of it to consumers and gets.</summary>
public sealed record QueueMessageStats(
    long Publish, RateDetails PublishDetails,
    long Deliver, RateDetails DeliverDetails,
    long DeliverNoAck, RateDetails DeliverNoAckDetails,
    long Get, RateDetails GetDetails,
    long GetNoAck, RateDetails GetNoAckDetails,
    long DeliverGet, RateDetails DeliverGetDetails,
    long Redeliver, RateDetails RedeliverDetails,
    long Ack, RateDetails AckDetails);

/// <summary><c>message_stats</c> of an exchange: messages published to it, and copies it routed to queues.</summary>
public sealed record ExchangeMessageStats(
    long PublishIn, RateDetails PublishInDetails,
    long PublishOut, RateDetails PublishOutDetails);
