namespace MqApi.Broker.Delivery;

/// <summary>
/// Where a session's deliveries go: the front end's connection (a SignalR client). Calls for one
/// session are made one at a time, in delivery-tag order. A send that throws means the connection is
/// gone; the session is then closed and its deliveries requeued.
/// </summary>
public interface IDeliveryTarget
{
    Task DeliverAsync(Delivery delivery, CancellationToken cancellationToken);

    /// <summary>Tells the client the broker cancelled its consumer (e.g. the queue was deleted).</summary>
    Task CancelAsync(string consumerTag, CancellationToken cancellationToken);
}
