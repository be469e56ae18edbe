using MqApi.Hubs.Contracts;

namespace MqApi.Hubs;

/// <summary>The methods the server invokes on a hub client.</summary>
public interface IMqClient
{
    /// <summary>A message for one of the client's consumers.</summary>
    Task Deliver(DeliveryMessage message);

    /// <summary>The broker cancelled the consumer (its queue was deleted); no more deliveries come for it.</summary>
    Task Cancel(string consumerTag);

    /// <summary>
    /// About once a second to a connection that called <see cref="MqHub.WatchOverview"/>: the body of
    /// <c>GET /api/overview</c> as the connection's user sees it.
    /// </summary>
    Task Overview(IReadOnlyDictionary<string, object?> overview);
}
