using System.Text.Json;
using System.Text.Json.Serialization;

namespace MqApi.Api.Contracts;

/// <summary>POST /api/exchanges/{vhost}/{name}/publish.</summary>
public sealed record PublishRequest
{
    public MessagePropertiesDto? Properties { get; init; }
    public string? RoutingKey { get; init; }
    public string? Payload { get; init; }
    /// <summary><c>string</c> (default) or <c>base64</c>.</summary>
    public string? PayloadEncoding { get; init; }
}

/// <summary>AMQP basic properties with RabbitMQ's JSON names.</summary>
public sealed record MessagePropertiesDto
{
    public string? ContentType { get; init; }
    public string? ContentEncoding { get; init; }
    public Dictionary<string, JsonElement>? Headers { get; init; }
    public int? DeliveryMode { get; init; }
    public int? Priority { get; init; }
    public string? CorrelationId { get; init; }
    public string? ReplyTo { get; init; }
    public string? Expiration { get; init; }
    public string? MessageId { get; init; }
    public long? Timestamp { get; init; }
    public string? Type { get; init; }
    public string? UserId { get; init; }
    public string? AppId { get; init; }
    public string? ClusterId { get; init; }
}

/// <summary>The answer to a publish: <c>duplicate</c> appears only when the message was a duplicate.</summary>
public sealed record PublishResponse(
    bool Routed,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] bool? Duplicate = null);

/// <summary>POST /api/exchanges/{vhost}/{name}/publish-batch.</summary>
public sealed record PublishBatchRequest
{
    public List<PublishRequest>? Messages { get; init; }
}

/// <summary>One message's fate in a batch: routed, a duplicate, or rejected by a queue limit.</summary>
public sealed record BatchPublishResult(
    bool Routed,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] bool? Duplicate = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] bool? Rejected = null);

public sealed record PublishBatchResponse(IReadOnlyList<BatchPublishResult> Results);

/// <summary>POST /api/queues/{vhost}/{name}/get.</summary>
public sealed record GetRequest
{
    public int? Count { get; init; }
    /// <summary><c>ack_requeue_true</c>, <c>reject_requeue_true</c>, <c>ack_requeue_false</c> or <c>reject_requeue_false</c>.</summary>
    public string? Ackmode { get; init; }
    /// <summary><c>auto</c> (string when valid UTF-8, else base64) or <c>base64</c>.</summary>
    public string? Encoding { get; init; }
    /// <summary>Return at most this many payload bytes.</summary>
    public int? Truncate { get; init; }
    /// <summary>With ackmode <c>lease</c>: how long each message stays invisible to others, in milliseconds.</summary>
    public int? LeaseMs { get; init; }
    /// <summary>With ackmode <c>lease</c>: how long to wait for a message when the queue is empty (at most 20000).</summary>
    public int? WaitMs { get; init; }
}

/// <summary>POST /api/queues/{vhost}/{name}/ack and /nack: settle leased messages by delivery tag.</summary>
public sealed record SettleRequest
{
    public List<long>? DeliveryTags { get; init; }
    /// <summary>For nack: put the messages back (default true) or dead-letter/drop them.</summary>
    public bool? Requeue { get; init; }
}

public sealed record SettleResponse(int Settled);

public sealed record GetMessageResponse(
    long PayloadBytes, bool Redelivered, string Exchange, string RoutingKey, int MessageCount,
    IReadOnlyDictionary<string, object?> Properties, string Payload, string PayloadEncoding,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] long? DeliveryTag = null);
