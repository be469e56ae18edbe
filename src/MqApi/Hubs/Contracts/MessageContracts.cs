using MessagePack;

namespace MqApi.Hubs.Contracts;

/// <summary>Publish's message: the body as text or base64, and its AMQP properties.</summary>
[MessagePackObject]
public sealed record MessageToPublish
{
    [Key("payload")] public string? Payload { get; init; }
    /// <summary><c>string</c> (UTF-8, the default) or <c>base64</c>.</summary>
    [Key("payloadEncoding")] public string? PayloadEncoding { get; init; }
    [Key("properties")] public HubMessageProperties? Properties { get; init; }
}

/// <summary>What Publish answers once the message is routed and, where persistent, stored.</summary>
[MessagePackObject]
public sealed record PublishResult
{
    [Key("routed")] public bool Routed { get; init; }
    [Key("duplicate")] public bool Duplicate { get; init; }
}

/// <summary>AMQP basic properties with camelCase names; header names stay as sent.</summary>
[MessagePackObject]
public sealed record HubMessageProperties
{
    [Key("contentType")] public string? ContentType { get; init; }
    [Key("contentEncoding")] public string? ContentEncoding { get; init; }
    /// <summary>1 = transient, 2 = persistent.</summary>
    [Key("deliveryMode")] public int? DeliveryMode { get; init; }
    [Key("priority")] public int? Priority { get; init; }
    [Key("correlationId")] public string? CorrelationId { get; init; }
    [Key("replyTo")] public string? ReplyTo { get; init; }
    /// <summary>Per-message TTL in milliseconds, as a string (as AMQP has it).</summary>
    [Key("expiration")] public string? Expiration { get; init; }
    [Key("messageId")] public string? MessageId { get; init; }
    /// <summary>Seconds since the Unix epoch.</summary>
    [Key("timestamp")] public long? Timestamp { get; init; }
    [Key("type")] public string? Type { get; init; }
    [Key("userId")] public string? UserId { get; init; }
    [Key("appId")] public string? AppId { get; init; }
    /// <summary>Values are null, booleans, integers, floating-point numbers, strings, lists and nested tables.</summary>
    [Key("headers")] public IReadOnlyDictionary<string, object?>? Headers { get; init; }
}
