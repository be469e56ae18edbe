using MessagePack;

namespace MqApi.Hubs.Contracts;

/// <summary>Subscribe's options. Prefetch 0 means no limit; an empty consumer tag gets a server-made one.</summary>
[MessagePackObject]
public sealed record SubscribeOptions
{
    [Key("prefetch")] public int Prefetch { get; init; }
    [Key("autoAck")] public bool AutoAck { get; init; }
    [Key("exclusive")] public bool Exclusive { get; init; }
    [Key("consumerTag")] public string? ConsumerTag { get; init; }
}

/// <summary>A message the server pushes to a consumer (the client's <c>Deliver</c> method).</summary>
[MessagePackObject]
public sealed record DeliveryMessage
{
    [Key("consumerTag")] public required string ConsumerTag { get; init; }
    /// <summary>Positive, unique on the connection, increasing in delivery order; what Ack, Nack and Reject name.</summary>
    [Key("deliveryTag")] public long DeliveryTag { get; init; }
    [Key("redelivered")] public bool Redelivered { get; init; }
    [Key("exchange")] public required string Exchange { get; init; }
    [Key("routingKey")] public required string RoutingKey { get; init; }
    [Key("properties")] public required HubMessageProperties Properties { get; init; }
    [Key("payload")] public required string Payload { get; init; }
    /// <summary><c>string</c> when the body is valid UTF-8, else <c>base64</c>.</summary>
    [Key("payloadEncoding")] public required string PayloadEncoding { get; init; }
}
