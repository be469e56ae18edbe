using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using MqApi.Api.Contracts;
using MqApi.Broker;
using MqApi.Broker.Exchanges;
using MqApi.Broker.Messages;
using MqApi.Broker.Queues;
using MqApi.Broker.Routing;

namespace MqApi.Api;

/// <summary>Maps broker objects to API contracts and request fields to broker values.</summary>
public static class ApiMapping
{
    public const string NodeName = "mqapi@localhost";

    public static IReadOnlyDictionary<string, object?> ToTable(Dictionary<string, JsonElement>? json)
    {
        if (json is null || json.Count == 0) return FieldTable.Empty;
        return json.ToDictionary(entry => entry.Key, entry => FieldTable.FromJson(entry.Value), StringComparer.Ordinal);
    }

    public static IReadOnlyList<string> ToTags(JsonElement? tags) => tags switch
    {
        { ValueKind: JsonValueKind.Array } list => [.. list.EnumerateArray().Select(t => t.ToString()).Where(t => t.Length > 0)],
        { ValueKind: JsonValueKind.String } text => [.. (text.GetString() ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)],
        null or { ValueKind: JsonValueKind.Null } => [],
        _ => throw BrokerException.BadArgument("tags must be a list of strings or a comma-separated string"),
    };

    public static ExchangeResponse ToResponse(Exchange exchange) => new(
        exchange.Name, exchange.Vhost, exchange.Type, exchange.IsDurable, exchange.IsAutoDelete, exchange.IsInternal, exchange.Arguments,
        MessageStatsMapping.ToExchange(exchange.Stats));

    public static QueueResponse ToResponse(MessageQueue queue)
    {
        var counters = queue.Counters;
        var exclusiveConsumer = queue.Consumers.FirstOrDefault(c => c.Options.Exclusive)?.Tag;
        return new QueueResponse(
            queue.Name, queue.Vhost, queue.Settings.Durable, queue.Settings.AutoDelete, queue.Settings.Exclusive, queue.Settings.Arguments,
            counters.Messages, counters.MessagesReady, counters.MessagesUnacknowledged, counters.Consumers,
            counters.MessageBytesReady, "running", "classic", exclusiveConsumer, NodeName, MessageStatsMapping.ToQueue(queue.Stats));
    }

    public static BindingResponse ToResponse(string vhost, Binding binding) => new(
        binding.Source, vhost, binding.Destination.Name, binding.Destination.Kind,
        binding.RoutingKey, binding.Arguments, PropertiesKey(binding.RoutingKey, binding.ArgumentsKey));

    /// <summary>The implicit binding of a queue to the default exchange, listed as RabbitMQ lists it.</summary>
    public static BindingResponse DefaultBinding(MessageQueue queue) => new(
        "", queue.Vhost, queue.Name, "queue", queue.Name, FieldTable.Empty, PropertiesKey(queue.Name, "{}"));

    /// <summary>
    /// A binding's id in URLs: the routing key percent-encoded, then <c>~</c> and a stable hash of the
    /// arguments when there are any; an empty key without arguments is <c>~</c>.
    /// </summary>
    public static string PropertiesKey(string routingKey, string argumentsKey)
    {
        var key = Uri.EscapeDataString(routingKey);
        if (argumentsKey == "{}") return key.Length == 0 ? "~" : key;
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(argumentsKey));
        return key + "~" + Convert.ToBase64String(hash, 0, 9).Replace('+', '-').Replace('/', '_');
    }

    public static IReadOnlyDictionary<string, object?> ToJson(MessageProperties properties)
    {
        var json = new Dictionary<string, object?>(StringComparer.Ordinal);
        Add(json, "content_type", properties.ContentType);
        Add(json, "content_encoding", properties.ContentEncoding);
        if (properties.Headers is { Count: > 0 } headers) json["headers"] = headers;
        Add(json, "delivery_mode", properties.DeliveryMode);
        Add(json, "priority", properties.Priority);
        Add(json, "correlation_id", properties.CorrelationId);
        Add(json, "reply_to", properties.ReplyTo);
        Add(json, "expiration", properties.Expiration);
        Add(json, "message_id", properties.MessageId);
        Add(json, "timestamp", properties.Timestamp);
        Add(json, "type", properties.Type);
        Add(json, "user_id", properties.UserId);
        Add(json, "app_id", properties.AppId);
        Add(json, "cluster_id", properties.ClusterId);
        return json;
    }

    public static MessageProperties ToProperties(MessagePropertiesDto? dto) => dto is null ? MessageProperties.Empty : new MessageProperties
    {
        ContentType = dto.ContentType,
        ContentEncoding = dto.ContentEncoding,
        Headers = dto.Headers is null ? null : ToTable(dto.Headers),
        DeliveryMode = dto.DeliveryMode,
        Priority = dto.Priority,
        CorrelationId = dto.CorrelationId,
        ReplyTo = dto.ReplyTo,
        Expiration = dto.Expiration,
        MessageId = dto.MessageId,
        Timestamp = dto.Timestamp,
        Type = dto.Type,
        UserId = dto.UserId,
        AppId = dto.AppId,
        ClusterId = dto.ClusterId,
    };

    private static void Add(Dictionary<string, object?> json, string name, object? value)
    {
        if (value is not null) json[name] = value;
    }
}
