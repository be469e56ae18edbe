using System.Text;

namespace MqApi.Broker;

/// <summary>AMQP's limits on names and routing keys (shortstr: at most 255 bytes of UTF-8).</summary>
public static class NameRules
{
    public const int MaxBytes = 255;

    public static void EnsureShortString(string what, string value)
    {
        if (Encoding.UTF8.GetByteCount(value) > MaxBytes)
            throw BrokerException.BadArgument($"{what} is longer than {MaxBytes} bytes of UTF-8");
    }

    /// <summary>Names starting with <c>amq.</c> belong to the broker.</summary>
    public static bool IsReserved(string name) => name.StartsWith("amq.", StringComparison.Ordinal);

    public static void EnsureNotReserved(string kind, string name, string vhost)
    {
        if (IsReserved(name))
            throw BrokerException.AccessRefused($"{kind} name '{name}' in vhost '{vhost}' is reserved: names starting with 'amq.' belong to the broker");
    }
}
