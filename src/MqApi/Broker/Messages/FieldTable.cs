using System.Globalization;
using System.Text;
using System.Text.Json;

namespace MqApi.Broker.Messages;

/// <summary>
/// Helpers for AMQP field tables (arguments and headers), held as read-only dictionaries whose
/// values are null, bool, long, double, string, lists or nested tables.
/// </summary>
public static class FieldTable
{
    public static readonly IReadOnlyDictionary<string, object?> Empty = new Dictionary<string, object?>();

    /// <summary>A canonical JSON text of the table (keys sorted), so equal tables give equal strings.</summary>
    public static string ToCanonicalJson(IReadOnlyDictionary<string, object?>? table)
    {
        if (table is null || table.Count == 0) return "{}";
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream))
        {
            WriteValue(writer, table, sortKeys: true);
        }
        return Encoding.UTF8.GetString(stream.ToArray());
    }

    public static bool AreEquivalent(IReadOnlyDictionary<string, object?>? a, IReadOnlyDictionary<string, object?>? b) =>
        ToCanonicalJson(a) == ToCanonicalJson(b);

    /// <summary>Writes a field value as JSON.</summary>
    public static void WriteValue(Utf8JsonWriter writer, object? value, bool sortKeys = false)
    {
        switch (value)
        {
            case null: writer.WriteNullValue(); break;
            case bool b: writer.WriteBooleanValue(b); break;
            case string s: writer.WriteStringValue(s); break;
            case long l: writer.WriteNumberValue(l); break;
            case int i: writer.WriteNumberValue(i); break;
            case double d: writer.WriteNumberValue(d); break;
            case decimal m: writer.WriteNumberValue(m); break;
            case IReadOnlyDictionary<string, object?> table:
                writer.WriteStartObject();
                IEnumerable<KeyValuePair<string, object?>> entries = sortKeys ? table.OrderBy(e => e.Key, StringComparer.Ordinal) : table;
                foreach (var (key, item) in entries)
                {
                    writer.WritePropertyName(key);
                    WriteValue(writer, item, sortKeys);
                }
                writer.WriteEndObject();
                break;
            case IEnumerable<object?> list:
                writer.WriteStartArray();
                foreach (var item in list) WriteValue(writer, item, sortKeys);
                writer.WriteEndArray();
                break;
            default: writer.WriteStringValue(Convert.ToString(value, CultureInfo.InvariantCulture)); break;
        }
    }

    /// <summary>Converts a JSON value into a field value (numbers become long when integral, else double).</summary>
    public static object? FromJson(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Null or JsonValueKind.Undefined => null,
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        JsonValueKind.String => element.GetString(),
        // The cast matters: without it the conditional is typed double and every integer comes back as one.
        JsonValueKind.Number => element.TryGetInt64(out var l) ? (object)l : element.GetDouble(),
        JsonValueKind.Array => element.EnumerateArray().Select(FromJson).ToList(),
        JsonValueKind.Object => TableFromJson(element),
        _ => null,
    };

    public static IReadOnlyDictionary<string, object?> TableFromJson(JsonElement element)
    {
        if (element.ValueKind != JsonValueKind.Object) return Empty;
        var table = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var property in element.EnumerateObject()) table[property.Name] = FromJson(property.Value);
        return table;
    }

    public static IReadOnlyDictionary<string, object?> Parse(string? json)
    {
        if (string.IsNullOrEmpty(json) || json == "{}") return Empty;
        using var document = JsonDocument.Parse(json);
        return TableFromJson(document.RootElement);
    }

    /// <summary>Reads an integer argument; strings of digits count, as clients send them either way.</summary>
    public static bool TryGetInteger(object? value, out long result)
    {
        switch (value)
        {
            case long l: result = l; return true;
            case int i: result = i; return true;
            case double d when d == Math.Floor(d) && d is >= long.MinValue and <= long.MaxValue: result = (long)d; return true;
            case string s when long.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out var parsed): result = parsed; return true;
            default: result = 0; return false;
        }
    }

    public static bool TryGetBoolean(object? value, out bool result)
    {
        switch (value)
        {
            case bool b: result = b; return true;
            case string s when bool.TryParse(s, out var parsed): result = parsed; return true;
            default: result = false; return false;
        }
    }
}
