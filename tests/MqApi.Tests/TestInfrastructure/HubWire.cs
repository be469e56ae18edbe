using System.Text.Json;
using System.Text.Json.Serialization;
using MessagePack;
using MqApi.Broker.Messages;

namespace MqApi.Tests.TestInfrastructure;

// The hub's wire shapes as a client sees them, written out independently of the server's types: if
// the server sent other key names (PascalCase, say), these would not bind and tests would fail.

/// <summary>The two hub protocols a client can pick.</summary>
public enum HubProtocolKind
{
    Json,
    MessagePack,
}

public static class HubProtocols
{
    public static TheoryData<HubProtocolKind> All => new() { HubProtocolKind.Json, HubProtocolKind.MessagePack };
}

[MessagePackObject]
public sealed record WireDelivery
{
    [Key("consumerTag"), JsonPropertyName("consumerTag")] public string ConsumerTag { get; init; } = "";
    [Key("deliveryTag"), JsonPropertyName("deliveryTag")] public long DeliveryTag { get; init; }
    [Key("redelivered"), JsonPropertyName("redelivered")] public bool Redelivered { get; init; }
    [Key("exchange"), JsonPropertyName("exchange")] public string Exchange { get; init; } = "";
    [Key("routingKey"), JsonPropertyName("routingKey")] public string RoutingKey { get; init; } = "";
    [Key("properties"), JsonPropertyName("properties")] public WireProperties Properties { get; init; } = new();
    [Key("payload"), JsonPropertyName("payload")] public string Payload { get; init; } = "";
    [Key("payloadEncoding"), JsonPropertyName("payloadEncoding")] public string PayloadEncoding { get; init; } = "";

    /// <summary>The x-delivery-count header: 0 on a first delivery.</summary>
    [IgnoreMember, JsonIgnore]
    public long DeliveryCount => Properties.Headers is { } headers && headers.TryGetValue("x-delivery-count", out var count)
        ? (long)WireValues.Normalize(count)!
        : -1;
}

[MessagePackObject]
public sealed record WireProperties
{
    [Key("contentType"), JsonPropertyName("contentType")] public string? ContentType { get; init; }
    [Key("contentEncoding"), JsonPropertyName("contentEncoding")] public string? ContentEncoding { get; init; }
    [Key("deliveryMode"), JsonPropertyName("deliveryMode")] public int? DeliveryMode { get; init; }
    [Key("priority"), JsonPropertyName("priority")] public int? Priority { get; init; }
    [Key("correlationId"), JsonPropertyName("correlationId")] public string? CorrelationId { get; init; }
    [Key("replyTo"), JsonPropertyName("replyTo")] public string? ReplyTo { get; init; }
    [Key("expiration"), JsonPropertyName("expiration")] public string? Expiration { get; init; }
    [Key("messageId"), JsonPropertyName("messageId")] public string? MessageId { get; init; }
    [Key("timestamp"), JsonPropertyName("timestamp")] public long? Timestamp { get; init; }
    [Key("type"), JsonPropertyName("type")] public string? Type { get; init; }
    [Key("userId"), JsonPropertyName("userId")] public string? UserId { get; init; }
    [Key("appId"), JsonPropertyName("appId")] public string? AppId { get; init; }
    [Key("headers"), JsonPropertyName("headers")] public Dictionary<string, object?>? Headers { get; init; }
}

[MessagePackObject]
public sealed record WireDeclaredQueue
{
    [Key("queue"), JsonPropertyName("queue")] public string Queue { get; init; } = "";
    [Key("messageCount"), JsonPropertyName("messageCount")] public int MessageCount { get; init; }
    [Key("consumerCount"), JsonPropertyName("consumerCount")] public int ConsumerCount { get; init; }
}

[MessagePackObject]
public sealed record WirePublishResult
{
    [Key("routed"), JsonPropertyName("routed")] public bool Routed { get; init; }
    [Key("duplicate"), JsonPropertyName("duplicate")] public bool Duplicate { get; init; }
}

/// <summary>Field values as either protocol hands them to a client, made comparable.</summary>
public static class WireValues
{
    /// <summary>JSON elements and MessagePack's smallest-fit numbers become the broker's field values.</summary>
    public static object? Normalize(object? value) => value switch
    {
        JsonElement json => FieldTable.FromJson(json),
        sbyte or byte or short or ushort or int or uint or long => Convert.ToInt64(value, System.Globalization.CultureInfo.InvariantCulture),
        ulong big => (long)big,
        float single => (double)single,
        Dictionary<object, object?> map => map.ToDictionary(e => (string)e.Key, e => Normalize(e.Value)),
        Dictionary<string, object?> map => map.ToDictionary(e => e.Key, e => Normalize(e.Value)),
        object?[] list => list.Select(Normalize).ToList(),
        _ => value,
    };

    /// <summary>A table as canonical JSON, to compare tables whatever protocol carried them.</summary>
    public static string Canonical(IReadOnlyDictionary<string, object?>? table) =>
        FieldTable.ToCanonicalJson(table?.ToDictionary(e => e.Key, e => Normalize(e.Value)));
}
