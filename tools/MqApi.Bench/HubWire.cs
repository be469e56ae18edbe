using System.Text.Json.Serialization;
using MessagePack;

namespace MqApi.Bench;

/// <summary>The two hub protocols a client can pick.</summary>
internal enum HubProtocolKind
{
    Json,
    MessagePack,
}

/// <summary>
/// The part of a Deliver message this tool reads. The server sends more (exchange, routing key,
/// properties); both protocols skip keys a type does not name, so the client does not pay for them.
/// Keys are camelCase in both protocols (CONTRACT.md section 3). Public, because MessagePack's
/// dynamic resolver generates its formatter in another assembly.
/// </summary>
[MessagePackObject]
public sealed record BenchDelivery
{
    [Key("consumerTag"), JsonPropertyName("consumerTag")] public string ConsumerTag { get; init; } = "";
    [Key("deliveryTag"), JsonPropertyName("deliveryTag")] public long DeliveryTag { get; init; }
    [Key("redelivered"), JsonPropertyName("redelivered")] public bool Redelivered { get; init; }
    [Key("payload"), JsonPropertyName("payload")] public string Payload { get; init; } = "";
}
