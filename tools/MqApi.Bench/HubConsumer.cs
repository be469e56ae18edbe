using System.Diagnostics;
using System.Threading.Channels;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;

namespace MqApi.Bench;

/// <summary>
/// One SignalR connection to /hubs/mq (WebSockets, basic auth) with one manual-ack consumer on it.
/// Deliver only timestamps the delivery and hands its tag to an ack loop: the .NET client runs
/// handlers one at a time on its receive loop, so a handler that awaited Ack would stall the loop
/// that has to read Ack's answer. The ack loop sends one Ack per delivery (multiple = false) and keeps
/// at most <c>prefetch</c> of them in flight.
/// </summary>
internal sealed class HubConsumer : IAsyncDisposable
{
    private static readonly TimeSpan CallTimeout = TimeSpan.FromSeconds(30);

    private readonly HubConnection _connection;
    private readonly Measurement _measurement;
    private readonly Channel<long> _toAck = Channel.CreateUnbounded<long>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
    private readonly CancellationTokenSource _stopping = new();
    private SemaphoreSlim? _acksInFlight;
    private Task _ackLoop = Task.CompletedTask;
    private bool _autoAck;

    private HubConsumer(HubConnection connection, Measurement measurement)
    {
        _connection = connection;
        _measurement = measurement;
        connection.On<BenchDelivery>("Deliver", OnDeliver);
    }

    public static async Task<HubConsumer> ConnectAsync(Uri baseAddress, HubProtocolKind protocol, Measurement measurement, CancellationToken cancellationToken)
    {
        var consumer = new HubConsumer(Connect(baseAddress, protocol), measurement);
        try
        {
            await consumer._connection.StartAsync(cancellationToken).WaitAsync(CallTimeout, cancellationToken);
            return consumer;
        }
        catch
        {
            await consumer.DisposeAsync();
            throw;
        }
    }

    /// <summary>A hub connection (WebSockets, guest's basic credentials), not started yet.</summary>
    public static HubConnection Connect(Uri baseAddress, HubProtocolKind protocol)
    {
        var builder = new HubConnectionBuilder().WithUrl(new Uri(baseAddress, "hubs/mq"), options =>
        {
            options.Headers["Authorization"] = BrokerRestClient.BasicGuest.ToString();
            options.Transports = HttpTransportType.WebSockets;
        });
        if (protocol == HubProtocolKind.MessagePack) builder.AddMessagePackProtocol();
        return builder.Build();
    }

    /// <summary>
    /// Subscribes to <paramref name="queue"/> and, with manual acks, starts acking what arrives. With
    /// <paramref name="autoAck"/> the server counts a message acked once it is sent, and no Ack is sent.
    /// </summary>
    public async Task SubscribeAsync(string queue, int prefetch, CancellationToken cancellationToken, bool autoAck = false)
    {
        var options = new Dictionary<string, object?> { ["prefetch"] = prefetch, ["autoAck"] = autoAck, ["exclusive"] = false, ["consumerTag"] = "" };
        _autoAck = autoAck;
        _acksInFlight = new SemaphoreSlim(Math.Max(prefetch, 1));
        _ackLoop = Task.Run(AckLoopAsync, CancellationToken.None);
        await _connection.InvokeAsync<string>("Subscribe", "/", queue, options, cancellationToken).WaitAsync(CallTimeout, cancellationToken);
    }

    /// <summary>Stops acking and closes the connection; the server requeues whatever was not acked.</summary>
    public async ValueTask DisposeAsync()
    {
        _stopping.Cancel();
        _toAck.Writer.TryComplete();
        var stopped = true;
        try
        {
            await _ackLoop.WaitAsync(CallTimeout);
        }
        catch (TimeoutException)
        {
            stopped = false;
            Console.Error.WriteLine("An ack loop did not stop within 30 s; closing its connection anyway.");
        }
        await _connection.DisposeAsync().AsTask().WaitAsync(CallTimeout);
        // Left to the GC when the loop did not stop: its acks may still use them.
        if (stopped)
        {
            _acksInFlight?.Dispose();
            _stopping.Dispose();
        }
    }

    private void OnDeliver(BenchDelivery delivery)
    {
        var arrivedAt = Stopwatch.GetTimestamp();
        if (BenchPayload.ReadTimestamp(delivery.Payload) is { } publishedAt)
            _measurement.CountConsumed(publishedAt, arrivedAt, delivery.Redelivered);
        else
            _measurement.CountError();
        if (!_autoAck) _toAck.Writer.TryWrite(delivery.DeliveryTag);
    }

    private async Task AckLoopAsync()
    {
        var window = _acksInFlight ?? throw new InvalidOperationException("not subscribed");
        var token = _stopping.Token;
        var inFlight = new List<Task>();
        try
        {
            await foreach (var tag in _toAck.Reader.ReadAllAsync(token))
            {
                await window.WaitAsync(token);
                inFlight.Add(AckAsync(tag, window, token));
                if (inFlight.Count >= 1024) inFlight.RemoveAll(t => t.IsCompleted);
            }
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
            // Stopping: the deliveries not acked go back to the queue when the connection closes.
        }
        await Task.WhenAll(inFlight);
    }

    private async Task AckAsync(long deliveryTag, SemaphoreSlim window, CancellationToken token)
    {
        var start = Stopwatch.GetTimestamp();
        try
        {
            await _connection.InvokeAsync("Ack", deliveryTag, false, token);
            _measurement.RecordAck(start, Stopwatch.GetTimestamp());
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
            // Stopping.
        }
        catch (Exception exception)
        {
            _measurement.CountError();
            if (_measurement.Errors <= 3) Console.Error.WriteLine($"Ack {deliveryTag} failed: {exception.Message}");
        }
        finally
        {
            window.Release();
        }
    }
}
