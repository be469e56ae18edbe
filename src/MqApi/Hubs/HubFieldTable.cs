using System.Collections;
using System.Text.Json;
using MqApi.Broker;
using MqApi.Broker.Messages;

namespace MqApi.Hubs;

/// <summary>
/// Turns arguments and headers as a hub protocol hands them over into the broker's field values
/// (null, bool, long, double, string, lists, nested tables). The JSON protocol gives
/// <see cref="JsonElement"/>s; MessagePack gives the smallest CLR type that holds each number,
/// <c>object[]</c> for arrays and <c>Dictionary&lt;object, object&gt;</c> for nested maps.
/// </summary>
public static class HubFieldTable
{
    public static IReadOnlyDictionary<string, object?> FromClient(IReadOnlyDictionary<string, object?>? table, string what)
    {
        if (table is null || table.Count == 0) return FieldTable.Empty;
        return table.ToDictionary(entry => entry.Key, entry => FromClientValue(entry.Value, $"{what} '{entry.Key}'"), StringComparer.Ordinal);
    }

    private static object? FromClientValue(object? value, string what) => value switch
    {
        null or bool or string or long or double => value,
        JsonElement json => FieldTable.FromJson(json),
        sbyte or byte or short or ushort or int or uint => Convert.ToInt64(value, System.Globalization.CultureInfo.InvariantCulture),
        ulong big when big <= long.MaxValue => (long)big,
        float single => (double)single,
        decimal number => (double)number,
        IDictionary map => FromClientMap(map, what),
        byte[] => throw BrokerException.BadArgument($"{what} is binary, which is not supported: send it as a base64 string"),
        IEnumerable list => list.Cast<object?>().Select((item, index) => FromClientValue(item, $"{what}[{index}]")).ToList(),
        _ => throw BrokerException.BadArgument($"{what} has a value MqApi cannot store ({value.GetType().Name}); use null, booleans, numbers, strings, lists or tables"),
    };

    private static Dictionary<string, object?> FromClientMap(IDictionary map, string what)
    {
        var table = new Dictionary<string, object?>(map.Count, StringComparer.Ordinal);
        foreach (DictionaryEntry entry in map)
        {
            if (entry.Key is not string key) throw BrokerException.BadArgument($"{what} is a table with a key that is not a string");
            table[key] = FromClientValue(entry.Value, $"{what}.{key}");
        }
        return table;
    }
}
