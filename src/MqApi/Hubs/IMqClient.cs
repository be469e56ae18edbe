using MqApi.Hubs.Contracts;

namespace MqApi.Hubs;

/// <summary>The methods the server invokes on a hub client.</summary>
public interface IMqClient
{
    /// <summary>A message for one of the client's consumers.</summary>
    Task Deliver(DeliveryMessage message);

    /// <summary>The broker cancelled the consumer (its queue was deleted); no more deliveries come for it.</summary>
    Task Cancel(string consumerTag);
}
