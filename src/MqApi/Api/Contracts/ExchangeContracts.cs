using System.Text.Json;

namespace MqApi.Api.Contracts;

/// <summary>PUT /api/exchanges/{vhost}/{name}. Missing fields take AMQP's defaults.</summary>
public sealed record DeclareExchangeRequest
{
    public string? Type { get; init; }
    public bool? Durable { get; init; }
    public bool? AutoDelete { get; init; }
    public bool? Internal { get; init; }
    public Dictionary<string, JsonElement>? Arguments { get; init; }
}

public sealed record ExchangeResponse(
    string Name, string Vhost, string Type, bool Durable, bool AutoDelete, bool Internal,
    IReadOnlyDictionary<string, object?> Arguments, ExchangeMessageStats MessageStats);
