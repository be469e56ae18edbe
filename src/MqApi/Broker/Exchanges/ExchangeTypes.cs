namespace MqApi.Broker.Exchanges;

/// <summary>The exchange types MqApi knows, and the one place a type name becomes an exchange.</summary>
public static class ExchangeTypes
{
    public const string Direct = "direct";
    public const string Fanout = "fanout";
    public const string Topic = "topic";
    public const string Headers = "headers";

    public static readonly IReadOnlyList<string> All = [Direct, Fanout, Topic, Headers];

    public static bool IsKnown(string type) => All.Contains(type);

    public static Exchange Create(string vhost, string name, string type, ExchangeSettings settings) => type switch
    {
        Direct => new DirectExchange(vhost, name, settings),
        Fanout => new FanoutExchange(vhost, name, settings),
        Topic => new TopicExchange(vhost, name, settings),
        Headers => new HeadersExchange(vhost, name, settings),
        _ => throw BrokerException.BadArgument($"unknown exchange type '{type}'"),
    };
}
