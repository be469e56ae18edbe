using Microsoft.Extensions.Logging;
using MqApi.Broker.Messages;
using MqApi.Broker.Queues;

namespace MqApi.Broker.Delivery;

/// <summary>
/// One client connection's delivery state, like an AMQP channel: its consumers, the delivery tags it
/// has handed out and not yet seen settled, and one sender at a time that writes deliveries to the
/// client in tag order. Whoever removes a delivery from <see cref="_unsettled"/> settles it, so each delivery is
/// settled exactly once: by an ack/nack/reject, by its sender (autoAck), or by <see cref="Close"/>.
/// </summary>
public sealed partial class ClientSession
{
    private readonly object _gate = new();
    private readonly SortedDictionary<long, UnsettledDelivery> _unsettled = [];
    private readonly Dictionary<string, Consumer> _consumers = new(StringComparer.Ordinal);
    // What is still to be written to the client, in order. One sender at a time takes from it
    // (_sending); it is started on the pool, or on the thread of the publish or ack that woke it (InlineSends).
    private readonly Queue<Outbound> _outbox = new();
    private readonly CancellationTokenSource _closing = new();
    private readonly IDeliveryTarget _target;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private long _lastDeliveryTag;
    private bool _closed;
    private bool _sending;
    private bool _sendFailed;
    private TaskCompletionSource? _sendingStopped;
    // The execution context of the connection that opened the session: its log scopes and trace.
    // Sends run in it whichever thread starts them, so a send started by a publisher's request is
    // not logged or traced as part of that request. Null when the opener suppressed the flow.
    private readonly ExecutionContext? _connectionContext = ExecutionContext.Capture();

    public ClientSession(string connectionId, string user, IDeliveryTarget target, TimeProvider time, ILogger logger)
    {
        _time = time;
        ConnectionId = connectionId;
        User = user;
        _target = target;
        _logger = logger;
    }

    public string ConnectionId { get; }
    public string User { get; }
    public DateTimeOffset ConnectedAt { get; } = DateTimeOffset.UtcNow;

    public IReadOnlyList<Consumer> Consumers
    {
        get
        {
            lock (_gate) return [.. _consumers.Values];
        }
    }

    internal bool HasConsumer(string tag)
    {
        lock (_gate) return _consumers.ContainsKey(tag);
    }

    internal void AddConsumer(Consumer consumer)
    {
        lock (_gate)
        {
            if (_closed) throw BrokerException.PreconditionFailed("the connection is closing");
            if (!_consumers.TryAdd(consumer.Tag, consumer))
                throw BrokerException.PreconditionFailed($"consumer tag '{consumer.Tag}' is already in use on this connection");
        }
    }

    internal Consumer? RemoveConsumer(string tag)
    {
        lock (_gate)
        {
            return _consumers.Remove(tag, out var consumer) ? consumer : null;
        }
    }

    /// <summary>The broker cancelled a consumer (its queue went away); tell the client, after what it was already sent.</summary>
    internal void OnConsumerCancelled(Consumer consumer)
    {
        lock (_gate)
        {
            if (_closed || !_consumers.Remove(consumer.Tag)) return;
            EnqueueLocked(new Outbound(consumer, null, null));
        }
    }

    /// <summary>
    /// Called by a queue, under its lock, to hand this session a delivery. False once the session is
    /// closed: the queue then keeps the message.
    /// </summary>
    internal bool TryPush(Consumer consumer, QueuedMessage message, int previousDeliveries)
    {
        lock (_gate)
        {
            if (_closed) return false;
            var tag = ++_lastDeliveryTag;
            var entry = new UnsettledDelivery(tag, consumer, message, _time.GetUtcNow().ToUnixTimeMilliseconds());
            _unsettled.Add(tag, entry);
            var delivery = new Delivery(
                consumer.Tag, tag, previousDeliveries > 0, message.Message.Exchange, message.Message.RoutingKey,
                WithDeliveryCount(message.Message.Properties, previousDeliveries), message.Message.Body);
            EnqueueLocked(new Outbound(consumer, entry, delivery));
            return true;
        }
    }

    /// <summary>Removes the deliveries an ack/nack/reject names; throws, changing nothing, when a tag is unknown.</summary>
    internal List<UnsettledDelivery> TakeForSettlement(long deliveryTag, bool multiple)
    {
        lock (_gate)
        {
            if (_closed) throw BrokerException.PreconditionFailed("the connection is closing");
            var taken = new List<UnsettledDelivery>();
            if (multiple)
            {
                // Tag 0 with multiple means "everything outstanding", as in AMQP.
                foreach (var (tag, entry) in _unsettled)
                {
                    if (deliveryTag != 0 && tag > deliveryTag) break;
                    if (!entry.Consumer.Options.AutoAck) taken.Add(entry);
                }
                if (taken.Count == 0 && deliveryTag != 0)
                    throw BrokerException.PreconditionFailed($"unknown delivery tag {deliveryTag}");
            }
            else
            {
                if (!_unsettled.TryGetValue(deliveryTag, out var entry) || entry.Consumer.Options.AutoAck)
                    throw BrokerException.PreconditionFailed($"unknown delivery tag {deliveryTag}");
                taken.Add(entry);
            }
            foreach (var entry in taken) _unsettled.Remove(entry.Tag);
            return taken;
        }
    }

    /// <summary>
    /// Cancels every manual-ack consumer holding a delivery handed out before <paramref name="cutoffUnixMs"/>
    /// (the consumer timeout): tells the client, and hands back all of that consumer's unsettled deliveries.
    /// </summary>
    internal List<(Consumer Consumer, List<UnsettledDelivery> Unsettled)> CancelTimedOutConsumers(long cutoffUnixMs)
    {
        lock (_gate)
        {
            if (_closed) return [];
            var late = _unsettled.Values
                .Where(u => !u.Consumer.Options.AutoAck && u.DeliveredAtUnixMs < cutoffUnixMs)
                .Select(u => u.Consumer)
                .Distinct()
                .ToList();
            var cancelled = new List<(Consumer, List<UnsettledDelivery>)>();
            foreach (var consumer in late)
            {
                var entries = _unsettled.Values.Where(u => u.Consumer == consumer).ToList();
                foreach (var entry in entries) _unsettled.Remove(entry.Tag);
                if (_consumers.Remove(consumer.Tag)) EnqueueLocked(new Outbound(consumer, null, null));
                cancelled.Add((consumer, entries));
            }
            return cancelled;
        }
    }

    /// <summary>
    /// Closes the session: no more deliveries, and everything unsettled comes back to the caller to
    /// requeue (split into what may have reached the client and what surely did not).
    /// </summary>
    internal (List<Consumer> Consumers, List<UnsettledDelivery> Unsettled) Close()
    {
        lock (_gate)
        {
            if (_closed) return ([], []);
            _closed = true;
            // Whatever was not sent yet is in _unsettled too, and goes back below.
            _outbox.Clear();
            _closing.Cancel();
            var consumers = _consumers.Values.ToList();
            _consumers.Clear();
            var unsettled = _unsettled.Values.ToList();
            _unsettled.Clear();
            return (consumers, unsettled);
        }
    }

    /// <summary>Waits until nothing is being sent any more (after <see cref="Close"/>).</summary>
    internal Task StoppedAsync
    {
        get
        {
            lock (_gate)
            {
                if (!_sending) return Task.CompletedTask;
                return (_sendingStopped ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).Task;
            }
        }
    }

    private void EnqueueLocked(Outbound item)
    {
        _outbox.Enqueue(item);
        if (_sending || _sendFailed) return;
        _sending = true;
        InlineSends.Start(this);
    }

    /// <summary>
    /// Sends what is waiting, in order, until nothing is. <paramref name="inline"/>: called on the
    /// thread of the publish or settlement that woke the session, which sends one item and leaves the
    /// rest to the pool.
    /// </summary>
    internal void SendPending(bool inline)
    {
        var send = inline ? SendPendingInline : SendPendingFromPool;
        if (_connectionContext is null) send(this);
        else ExecutionContext.Run(_connectionContext, send, this);
    }

    private static readonly ContextCallback SendPendingInline = static s => _ = ((ClientSession)s!).SendPendingAsync(inline: true);
    private static readonly ContextCallback SendPendingFromPool = static s => _ = ((ClientSession)s!).SendPendingAsync(inline: false);

    private async Task SendPendingAsync(bool inline)
    {
        var token = _closing.Token;
        var sent = 0;
        try
        {
            while (true)
            {
                Outbound? item;
                lock (_gate)
                {
                    if (_closed || _outbox.Count == 0)
                    {
                        StopSendingLocked();
                        return;
                    }
                    item = inline && sent > 0 ? null : _outbox.Dequeue();
                }
                if (item is null)
                {
                    inline = false;
                    await Task.Yield();
                    continue;
                }
                if (item.Delivery is null) await _target.CancelAsync(item.Consumer.Tag, token);
                else await SendAsync(item, token);
                sent++;
            }
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
            // Closed: whatever was not sent was handed back by Close.
            lock (_gate) StopSendingLocked();
        }
        catch (Exception exception)
        {
            // The client's connection failed under us. Its front end will close the session, which
            // requeues everything unsettled; nothing is lost by sending no more.
            LogSendFailed(_logger, exception, ConnectionId, User);
            lock (_gate)
            {
                _sendFailed = true;
                StopSendingLocked();
            }
        }
    }

    private void StopSendingLocked()
    {
        _sending = false;
        _sendingStopped?.TrySetResult();
        _sendingStopped = null;
    }

    private async Task SendAsync(Outbound item, CancellationToken token)
    {
        var entry = item.Entry!;
        lock (_gate)
        {
            // Settled or taken back by Close before we got to it: not ours to send any more.
            if (!_unsettled.ContainsKey(entry.Tag))
            {
                entry = null;
            }
            else
            {
                entry.MayHaveReachedClient = true;
            }
        }
        if (entry is null)
        {
            item.Consumer.Queue.OnSendFinished(item.Consumer, null);
            return;
        }
        await _target.DeliverAsync(item.Delivery!, token);
        QueuedMessage? autoAcked = null;
        if (item.Consumer.Options.AutoAck)
        {
            lock (_gate)
            {
                if (_unsettled.Remove(entry.Tag)) autoAcked = entry.Message;
            }
        }
        item.Consumer.Queue.OnSendFinished(item.Consumer, autoAcked);
    }

    private static MessageProperties WithDeliveryCount(MessageProperties properties, int previousDeliveries)
    {
        var headers = properties.Headers is null
            ? new Dictionary<string, object?>(1, StringComparer.Ordinal)
            : new Dictionary<string, object?>(properties.Headers, StringComparer.Ordinal);
        headers["x-delivery-count"] = (long)previousDeliveries;
        return properties with { Headers = headers };
    }

    [LoggerMessage(1, LogLevel.Information, "Stopped sending to connection {ConnectionId} of user {User}: the send failed", EventName = "SendFailed")]
    private static partial void LogSendFailed(ILogger logger, Exception exception, string connectionId, string user);

    /// <summary>A delivery handed out and not yet settled.</summary>
    internal sealed class UnsettledDelivery(long tag, Consumer consumer, QueuedMessage message, long deliveredAtUnixMs)
    {
        public long Tag { get; } = tag;
        public long DeliveredAtUnixMs { get; } = deliveredAtUnixMs;
        public Consumer Consumer { get; } = consumer;
        public QueuedMessage Message { get; } = message;
        /// <summary>Set once the send began: from then on a requeue counts as a redelivery.</summary>
        public bool MayHaveReachedClient { get; set; }
    }

    /// <summary>An item to send: a delivery, or (with no delivery) a cancel notice.</summary>
    private sealed record Outbound(Consumer Consumer, UnsettledDelivery? Entry, Delivery? Delivery);
}
