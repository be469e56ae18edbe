using MqApi.Broker.Messages;

namespace MqApi.Broker.Delivery;

/// <summary>A message handed to a consumer, as its front end sends it.</summary>
public sealed record Delivery(
    string ConsumerTag,
    long DeliveryTag,
    bool Redelivered,
    string Exchange,
    string RoutingKey,
    MessageProperties Properties,
    ReadOnlyMemory<byte> Body);
