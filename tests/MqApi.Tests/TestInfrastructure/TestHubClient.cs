using System.Net.Http.Headers;
using System.Text;
using System.Threading.Channels;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;

namespace MqApi.Tests.TestInfrastructure;

/// <summary>
/// A SignalR client of /hubs/mq on the in-memory test server. It collects what the server pushes
/// (Deliver, Cancel) into channels, and every call and wait has a deadline from <see cref="TestTimeouts"/>.
/// Options go over the wire as plain maps with camelCase keys, as a JavaScript client sends them.
/// </summary>
public sealed class TestHubClient : IAsyncDisposable
{
    private readonly Channel<WireDelivery> _deliveries = Channel.CreateUnbounded<WireDelivery>();
    private readonly Channel<string> _cancels = Channel.CreateUnbounded<string>();

    private TestHubClient(HubConnection connection)
    {
        Connection = connection;
        connection.On<WireDelivery>("Deliver", delivery => _deliveries.Writer.TryWrite(delivery));
        connection.On<string>("Cancel", consumerTag => _cancels.Writer.TryWrite(consumerTag));
    }

    public HubConnection Connection { get; }

    public string ConnectionId => Connection.ConnectionId ?? throw new InvalidOperationException("not connected");

    public static async Task<TestHubClient> ConnectAsync(
        MqApiFactory factory, HubProtocolKind protocol = HubProtocolKind.Json,
        HttpTransportType transport = HttpTransportType.WebSockets, string user = "guest", string password = "guest")
    {
        var client = new TestHubClient(Build(factory, protocol, transport, user, password));
        await client.Connection.StartAsync().WaitAsync(TestTimeouts.Delivery);
        return client;
    }

    /// <summary>A connection that is not started, e.g. to see a start fail.</summary>
    public static HubConnection Build(MqApiFactory factory, HubProtocolKind protocol, HttpTransportType transport, string user, string password)
    {
        var credentials = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password}")));
        var builder = new HubConnectionBuilder().WithUrl(new Uri(factory.Server.BaseAddress, "/hubs/mq"), options =>
        {
            options.HttpMessageHandlerFactory = _ => factory.Server.CreateHandler();
            options.Headers["Authorization"] = credentials.ToString();
            options.Transports = transport;
            options.WebSocketFactory = async (context, cancellationToken) =>
            {
                var webSockets = factory.Server.CreateWebSocketClient();
                webSockets.ConfigureRequest = request => request.Headers.Authorization = credentials.ToString();
                return await webSockets.ConnectAsync(context.Uri, cancellationToken);
            };
        });
        if (protocol == HubProtocolKind.MessagePack) builder.AddMessagePackProtocol();
        return builder.Build();
    }

    public Task InvokeAsync(string method, params object?[] arguments) =>
        Connection.InvokeCoreAsync(method, arguments).WaitAsync(TestTimeouts.Delivery);

    public Task<T> InvokeAsync<T>(string method, params object?[] arguments) =>
        Connection.InvokeCoreAsync<T>(method, arguments).WaitAsync(TestTimeouts.Delivery);

    public Task DeclareExchangeAsync(string name, string type, bool durable = false, bool autoDelete = false, string vhost = "/") =>
        InvokeAsync("DeclareExchange", vhost, name, type, Map(("durable", durable), ("autoDelete", autoDelete), ("internal", false), ("arguments", Map())));

    public Task<WireDeclaredQueue> DeclareQueueAsync(
        string name, bool durable = false, bool exclusive = false, bool autoDelete = false,
        Dictionary<string, object?>? arguments = null, string vhost = "/") =>
        InvokeAsync<WireDeclaredQueue>("DeclareQueue", vhost, name,
            Map(("durable", durable), ("exclusive", exclusive), ("autoDelete", autoDelete), ("arguments", arguments ?? Map())));

    public Task BindQueueAsync(string queue, string exchange, string routingKey, string vhost = "/") =>
        InvokeAsync("BindQueue", vhost, queue, exchange, routingKey, Map());

    public Task UnbindQueueAsync(string queue, string exchange, string routingKey, string vhost = "/") =>
        InvokeAsync("UnbindQueue", vhost, queue, exchange, routingKey, Map());

    public Task<WirePublishResult> PublishAsync(
        string exchange, string routingKey, string payload, Dictionary<string, object?>? properties = null,
        string payloadEncoding = "string", string vhost = "/") =>
        InvokeAsync<WirePublishResult>("Publish", vhost, exchange, routingKey,
            Map(("payload", payload), ("payloadEncoding", payloadEncoding), ("properties", properties ?? Map())));

    public Task<string> SubscribeAsync(
        string queue, int prefetch = 0, bool autoAck = false, bool exclusive = false, string consumerTag = "", string vhost = "/") =>
        InvokeAsync<string>("Subscribe", vhost, queue,
            Map(("prefetch", prefetch), ("autoAck", autoAck), ("exclusive", exclusive), ("consumerTag", consumerTag)));

    public Task UnsubscribeAsync(string consumerTag) => InvokeAsync("Unsubscribe", consumerTag);

    public Task AckAsync(long deliveryTag, bool multiple = false) => InvokeAsync("Ack", deliveryTag, multiple);

    public Task NackAsync(long deliveryTag, bool multiple, bool requeue) => InvokeAsync("Nack", deliveryTag, multiple, requeue);

    public Task RejectAsync(long deliveryTag, bool requeue) => InvokeAsync("Reject", deliveryTag, requeue);

    /// <summary>The next delivery, or a <see cref="TimeoutException"/> after <see cref="TestTimeouts.Delivery"/>.</summary>
    public Task<WireDelivery> NextDeliveryAsync() => ReadAsync(_deliveries.Reader, "delivery");

    public async Task<List<WireDelivery>> NextDeliveriesAsync(int count)
    {
        var deliveries = new List<WireDelivery>(count);
        for (var i = 0; i < count; i++) deliveries.Add(await NextDeliveryAsync());
        return deliveries;
    }

    /// <summary>Waits <see cref="TestTimeouts.NoDelivery"/> and fails if a delivery came.</summary>
    public async Task AssertNoDeliveryAsync()
    {
        await Task.Delay(TestTimeouts.NoDelivery);
        Assert.False(_deliveries.Reader.TryRead(out var extra), $"unexpected delivery {extra?.DeliveryTag} '{extra?.Payload}'");
    }

    public Task<string> NextCancelAsync() => ReadAsync(_cancels.Reader, "cancel");

    public async ValueTask DisposeAsync() => await Connection.DisposeAsync().AsTask().WaitAsync(TestTimeouts.Delivery);

    /// <summary>A map for an options argument; keys go over the wire exactly as written.</summary>
    public static Dictionary<string, object?> Map(params (string Key, object? Value)[] entries) =>
        entries.ToDictionary(e => e.Key, e => e.Value);

    private static async Task<T> ReadAsync<T>(ChannelReader<T> reader, string what)
    {
        // A cancelled read takes nothing, so a timed-out wait cannot swallow a later item.
        using var deadline = new CancellationTokenSource(TestTimeouts.Delivery);
        try
        {
            return await reader.ReadAsync(deadline.Token);
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested)
        {
            throw new TimeoutException($"no {what} within {TestTimeouts.Delivery.TotalSeconds} s");
        }
    }
}
