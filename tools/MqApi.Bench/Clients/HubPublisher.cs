using System.Text.Json.Serialization;
using Microsoft.AspNetCore.SignalR.Client;

namespace MqApi.Bench.Clients;

/// <summary>
/// MqApi's hub <c>Publish</c> over several connections (round robin). Publish answers once the message
/// is routed and, where persistent, stored, so it is a publish with confirm. The hub runs one
/// invocation at a time per connection, so concurrency comes from the number of connections; the
/// invocations beyond that wait in line, as unconfirmed publishes do on an AMQP channel.
/// </summary>
internal sealed class HubPublisher : IConfirmingPublisher
{
    private readonly HubConnection[] _connections;
    private long _next;

    private HubPublisher(HubConnection[] connections) => _connections = connections;

    public static async Task<HubPublisher> ConnectAsync(Uri baseAddress, int connections, CancellationToken cancellationToken)
    {
        var publisher = new HubPublisher([.. Enumerable.Range(0, connections).Select(_ => HubConsumer.Connect(baseAddress, HubProtocolKind.MessagePack))]);
        try
        {
            foreach (var connection in publisher._connections) await connection.StartAsync(cancellationToken);
            return publisher;
        }
        catch
        {
            await publisher.DisposeAsync();
            throw;
        }
    }

    public async Task<bool> PublishAsync(string queue, string payload, bool persistent, CancellationToken cancellationToken)
    {
        var connection = _connections[Interlocked.Increment(ref _next) % _connections.Length];
        var message = new Dictionary<string, object?>
        {
            ["payload"] = payload,
            ["payloadEncoding"] = "string",
            ["properties"] = new Dictionary<string, object?> { ["deliveryMode"] = persistent ? 2 : 1 },
        };
        var result = await connection.InvokeAsync<HubPublishResult>("Publish", "/", "", queue, message, cancellationToken);
        return result.Routed;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var connection in _connections) await connection.DisposeAsync();
    }
}

/// <summary>The answer of the hub's Publish. Public for MessagePack's dynamic resolver.</summary>
[MessagePack.MessagePackObject]
public sealed record HubPublishResult
{
    [MessagePack.Key("routed"), JsonPropertyName("routed")] public bool Routed { get; init; }
    [MessagePack.Key("duplicate"), JsonPropertyName("duplicate")] public bool Duplicate { get; init; }
}
