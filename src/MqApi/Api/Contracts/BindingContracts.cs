using System.Text.Json;

namespace MqApi.Api.Contracts;

/// <summary>POST /api/bindings/{vhost}/e/{source}/q/{queue} (or /e/{destination}).</summary>
public sealed record CreateBindingRequest
{
    public string? RoutingKey { get; init; }
    public Dictionary<string, JsonElement>? Arguments { get; init; }
}

public sealed record BindingResponse(
    string Source, string Vhost, string Destination, string DestinationType, string RoutingKey,
    IReadOnlyDictionary<string, object?> Arguments, string PropertiesKey);
