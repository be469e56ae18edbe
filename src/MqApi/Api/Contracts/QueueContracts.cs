using System.Text.Json;

namespace MqApi.Api.Contracts;

/// <summary>PUT /api/queues/{vhost}/{name}. Missing fields take AMQP's defaults (all false).</summary>
public sealed record DeclareQueueRequest
{
    public bool? Durable { get; init; }
    public bool? AutoDelete { get; init; }
    public bool? Exclusive { get; init; }
    public Dictionary<string, JsonElement>? Arguments { get; init; }
}

public sealed record QueueResponse(
    string Name, string Vhost, bool Durable, bool AutoDelete, bool Exclusive,
    IReadOnlyDictionary<string, object?> Arguments,
    int Messages, int MessagesReady, int MessagesUnacknowledged, int Consumers,
    long MessageBytesReady, string State, string Type, string? ExclusiveConsumerTag, string Node,
    QueueMessageStats MessageStats);
