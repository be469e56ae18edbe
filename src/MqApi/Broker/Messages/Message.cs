namespace MqApi.Broker.Messages;

/// <summary>
/// A published message as it entered the broker: where it was published, its properties and body.
/// Immutable, so one instance is shared by every queue it was routed to.
/// </summary>
public sealed class Message(string exchange, string routingKey, MessageProperties properties, ReadOnlyMemory<byte> body)
{
    public string Exchange { get; } = exchange;
    public string RoutingKey { get; } = routingKey;
    public MessageProperties Properties { get; } = properties;
    public ReadOnlyMemory<byte> Body { get; } = body;
    public bool IsPersistent => Properties.IsPersistent;
}
