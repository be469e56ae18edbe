using System.Buffers;
using System.Text;
using System.Text.Json;

namespace MqApi.Broker.Messages;

/// <summary>Message properties as stored: JSON with RabbitMQ's snake_case names.</summary>
public static class MessagePropertiesJson
{
    // Every persistent publish serialises its properties; a writer and buffer per thread, reused, leave
    // the string as the only allocation (a new stream and writer each time were a few percent of all the
    // bytes a REST publish allocates).
    [ThreadStatic] private static ArrayBufferWriter<byte>? t_buffer;
    [ThreadStatic] private static Utf8JsonWriter? t_writer;

    /// <summary>A buffer grown past this by a large header table is not kept for the next message.</summary>
    private const int KeptBufferBytes = 16 * 1024;

    public static string Serialize(MessageProperties properties)
    {
        var buffer = t_buffer is { Capacity: <= KeptBufferBytes } kept ? kept : t_buffer = new ArrayBufferWriter<byte>(256);
        buffer.ResetWrittenCount();
        var writer = t_writer ??= new Utf8JsonWriter(buffer);
        writer.Reset(buffer); // also clears what an exception may have left half written
        writer.WriteStartObject();
        WriteString(writer, "content_type", properties.ContentType);
        WriteString(writer, "content_encoding", properties.ContentEncoding);
        if (properties.Headers is { Count: > 0 } headers)
        {
            writer.WritePropertyName("headers");
            FieldTable.WriteValue(writer, headers);
        }
        WriteNumber(writer, "delivery_mode", properties.DeliveryMode);
        WriteNumber(writer, "priority", properties.Priority);
        WriteString(writer, "correlation_id", properties.CorrelationId);
        WriteString(writer, "reply_to", properties.ReplyTo);
        WriteString(writer, "expiration", properties.Expiration);
        WriteString(writer, "message_id", properties.MessageId);
        WriteNumber(writer, "timestamp", properties.Timestamp);
        WriteString(writer, "type", properties.Type);
        WriteString(writer, "user_id", properties.UserId);
        WriteString(writer, "app_id", properties.AppId);
        WriteString(writer, "cluster_id", properties.ClusterId);
        writer.WriteEndObject();
        writer.Flush();
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    public static MessageProperties Deserialize(string json)
    {
        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        return new MessageProperties
        {
            ContentType = String(root, "content_type"),
            ContentEncoding = String(root, "content_encoding"),
            Headers = root.TryGetProperty("headers", out var headers) ? FieldTable.TableFromJson(headers) : null,
            DeliveryMode = (int?)Number(root, "delivery_mode"),
            Priority = (int?)Number(root, "priority"),
            CorrelationId = String(root, "correlation_id"),
            ReplyTo = String(root, "reply_to"),
            Expiration = String(root, "expiration"),
            MessageId = String(root, "message_id"),
            Timestamp = Number(root, "timestamp"),
            Type = String(root, "type"),
            UserId = String(root, "user_id"),
            AppId = String(root, "app_id"),
            ClusterId = String(root, "cluster_id"),
        };
    }

    private static void WriteString(Utf8JsonWriter writer, string name, string? value)
    {
        if (value is not null) writer.WriteString(name, value);
    }

    private static void WriteNumber(Utf8JsonWriter writer, string name, long? value)
    {
        if (value is not null) writer.WriteNumber(name, value.Value);
    }

    private static string? String(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static long? Number(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number ? value.GetInt64() : null;
}
