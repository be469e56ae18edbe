using Microsoft.AspNetCore.SignalR;
using MqApi.Broker.Delivery;

namespace MqApi.Hubs;

/// <summary>
/// Sends one broker session's deliveries to its SignalR connection. A send completes once SignalR
/// has written the message to the connection, so a slow client holds back its own session's send
/// loop (and, through the session's send buffer, its consumers), no one else's.
/// </summary>
/// <remarks>
/// SignalR aborts a connection whose write fails, serializing the message included, and answers the
/// send as done. So a failed delivery never leaves a session stalled on a live connection: the
/// connection closes, and its close requeues everything the session had not seen settled (an autoAck
/// delivery is settled once its send is done, as in AMQP).
/// </remarks>
public sealed class SignalRDeliveryTarget(IHubContext<MqHub, IMqClient> hub, string connectionId) : IDeliveryTarget
{
    public Task DeliverAsync(Delivery delivery, CancellationToken cancellationToken) =>
        hub.Clients.Client(connectionId).Deliver(HubMapping.ToContract(delivery)).WaitAsync(cancellationToken);

    public Task CancelAsync(string consumerTag, CancellationToken cancellationToken) =>
        hub.Clients.Client(connectionId).Cancel(consumerTag).WaitAsync(cancellationToken);
}
