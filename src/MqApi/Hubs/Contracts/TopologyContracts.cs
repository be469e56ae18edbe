using MessagePack;

namespace MqApi.Hubs.Contracts;

// Hub contracts carry their wire names twice on purpose: the JSON protocol writes camelCase by its
// naming policy (set in MqHubExtensions), MessagePack by these keys, since SignalR's MessagePack
// default would write the C# names and binds names case-sensitively.

/// <summary>DeclareExchange's options. Missing keys take AMQP's defaults (all false, no arguments).</summary>
[MessagePackObject]
public sealed record ExchangeOptions
{
    [Key("durable")] public bool Durable { get; init; }
    [Key("autoDelete")] public bool AutoDelete { get; init; }
    [Key("internal")] public bool Internal { get; init; }
    [Key("arguments")] public Dictionary<string, object?>? Arguments { get; init; }
}

/// <summary>DeclareQueue's options. Missing keys take AMQP's defaults (all false, no arguments).</summary>
[MessagePackObject]
public sealed record QueueOptions
{
    [Key("durable")] public bool Durable { get; init; }
    [Key("exclusive")] public bool Exclusive { get; init; }
    [Key("autoDelete")] public bool AutoDelete { get; init; }
    [Key("arguments")] public Dictionary<string, object?>? Arguments { get; init; }
}

/// <summary>What DeclareQueue answers, as AMQP's queue.declare-ok: the name (server-made for ""), ready messages and consumers.</summary>
[MessagePackObject]
public sealed record DeclaredQueue
{
    [Key("queue")] public required string Queue { get; init; }
    [Key("messageCount")] public int MessageCount { get; init; }
    [Key("consumerCount")] public int ConsumerCount { get; init; }
}
