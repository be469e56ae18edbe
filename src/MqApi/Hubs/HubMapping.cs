using MqApi.Broker.Delivery;
using MqApi.Broker.Messages;
using MqApi.Hubs.Contracts;

namespace MqApi.Hubs;

/// <summary>Maps hub contracts to broker values and back.</summary>
public static class HubMapping
{
    public static MessageProperties ToProperties(HubMessageProperties? properties) => properties is null ? MessageProperties.Empty : new MessageProperties
    {
        ContentType = properties.ContentType,
        ContentEncoding = properties.ContentEncoding,
        Headers = properties.Headers is null ? null : HubFieldTable.FromClient(properties.Headers, "header"),
        DeliveryMode = properties.DeliveryMode,
        Priority = properties.Priority,
        CorrelationId = properties.CorrelationId,
        ReplyTo = properties.ReplyTo,
        Expiration = properties.Expiration,
        MessageId = properties.MessageId,
        Timestamp = properties.Timestamp,
        Type = properties.Type,
        UserId = properties.UserId,
        AppId = properties.AppId,
    };

    public static HubMessageProperties ToContract(MessageProperties properties) => new()
    {
        ContentType = properties.ContentType,
        ContentEncoding = properties.ContentEncoding,
        DeliveryMode = properties.DeliveryMode,
        Priority = properties.Priority,
        CorrelationId = properties.CorrelationId,
        ReplyTo = properties.ReplyTo,
        Expiration = properties.Expiration,
        MessageId = properties.MessageId,
        Timestamp = properties.Timestamp,
        Type = properties.Type,
        UserId = properties.UserId,
        AppId = properties.AppId,
        Headers = properties.Headers,
    };

    public static DeliveryMessage ToContract(Delivery delivery)
    {
        var (payload, encoding) = HubPayloads.Encode(delivery.Body);
        return new DeliveryMessage
        {
            ConsumerTag = delivery.ConsumerTag,
            DeliveryTag = delivery.DeliveryTag,
            Redelivered = delivery.Redelivered,
            Exchange = delivery.Exchange,
            RoutingKey = delivery.RoutingKey,
            Properties = ToContract(delivery.Properties),
            Payload = payload,
            PayloadEncoding = encoding,
        };
    }
}
