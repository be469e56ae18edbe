namespace MqApi.Bench.Clients;

/// <summary>Publishes one message to the default exchange and completes once the broker confirmed it.</summary>
internal interface IConfirmingPublisher : IAsyncDisposable
{
    /// <summary>True when the broker confirmed the message as routed (and stored, where persistent).</summary>
    Task<bool> PublishAsync(string queue, string payload, bool persistent, CancellationToken cancellationToken);
}
