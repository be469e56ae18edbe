using MqApi.Broker.Exchanges;
using MqApi.Broker.Messages;
using MqApi.Broker.Persistence;
using MqApi.Broker.Queues;
using MqApi.Broker.Routing;

namespace MqApi.Broker;

public sealed partial class VirtualHost
{
    /// <summary>
    /// Routes a message and enqueues it in every queue it reaches, each queue once. The returned task
    /// completes when the persistent copies are committed: a publish is confirmed only after that.
    /// </summary>
    public PublishOutcome Publish(
        string exchangeName, string routingKey, MessageProperties properties, ReadOnlyMemory<byte> body, MessageSequence sequence, bool deadLettering = false)
    {
        NameRules.EnsureShortString("routing key", routingKey);
        _lock.EnterReadLock();
        try
        {
            if (IsDeleted) throw BrokerException.NoVhost(Name);
            if (!_exchanges.TryGetValue(exchangeName, out var exchange)) throw BrokerException.NoExchange(Name, exchangeName);
            if (exchange.IsInternal && !deadLettering)
                throw BrokerException.AccessRefused($"cannot publish to internal exchange '{exchangeName}' in vhost '{Name}'");

            var queues = new HashSet<MessageQueue>();
            RouteLocked(exchange, routingKey, properties.Headers, queues);
            exchange.Stats.Add(Statistics.MessageStat.PublishIn);
            if (queues.Count == 0) return new PublishOutcome(false, false, false, Task.CompletedTask);
            exchange.Stats.Add(Statistics.MessageStat.PublishOut, queues.Count);

            var message = new Message(exchangeName, routingKey, properties, body);
            var now = _services.NowUnixMs;
            var messageTtl = MessageTtl(properties);
            var copies = new List<(MessageQueue Queue, QueuedMessage Copy)>(queues.Count);
            List<StoredMessage>? stored = null;
            string? propertiesJson = null;
            foreach (var queue in queues)
            {
                var id = sequence.Next();
                var persist = message.IsPersistent && queue.IsDurable && queue.OwnerConnectionId is null;
                long? expiresAt = MinTtl(queue.Settings.MessageTtl, messageTtl) is { } ttl ? now + ttl : null;
                copies.Add((queue, new QueuedMessage(message, id, persist ? id : 0, 0, expiresAt)));
                if (!persist) continue;
                propertiesJson ??= MessagePropertiesJson.Serialize(properties);
                (stored ??= []).Add(new StoredMessage(id, Name, queue.Name, exchangeName, routingKey, propertiesJson, body, 0, expiresAt));
            }
            // Submitted before the copies become visible, so the store sees the insert before any ack.
            var committed = stored is null ? Task.CompletedTask : Store.WriteAsync(new StoreWrite.InsertMessages(stored));
            bool duplicate = false, rejected = false;
            List<long>? notTaken = null;
            foreach (var (queue, copy) in copies)
            {
                var result = queue.Enqueue(copy);
                if (result == EnqueueResult.Accepted) continue;
                duplicate |= result == EnqueueResult.Duplicate;
                rejected |= result == EnqueueResult.Rejected;
                if (copy.IsStored) (notTaken ??= []).Add(copy.StoreId);
            }
            // A copy that a queue did not take must not come back after a restart.
            if (notTaken is not null) committed = Task.WhenAll(committed, Store.WriteAsync(new StoreWrite.DeleteMessages(notTaken)));
            return new PublishOutcome(true, duplicate, rejected, committed);
        }
        finally
        {
            _lock.ExitReadLock();
        }
    }

    private static long? MessageTtl(MessageProperties properties) =>
        properties.Expiration is { } text && long.TryParse(text, System.Globalization.CultureInfo.InvariantCulture, out var ttl) ? ttl : null;

    private static long? MinTtl(long? a, long? b) => (a, b) switch
    {
        ({ } x, { } y) => Math.Min(x, y),
        ({ } x, null) => x,
        (null, var y) => y,
    };

    /// <summary>
    /// Follows exchange-to-exchange bindings breadth first, each exchange once (so cycles end), and
    /// falls back to an exchange's alternate exchange when that exchange itself matched nothing.
    /// </summary>
    private void RouteLocked(Exchange start, string routingKey, IReadOnlyDictionary<string, object?>? headers, HashSet<MessageQueue> queues)
    {
        var visited = new HashSet<string>(StringComparer.Ordinal) { start.Name };
        var pending = new Queue<Exchange>();
        pending.Enqueue(start);
        var destinations = new HashSet<BindingDestination>();
        while (pending.TryDequeue(out var exchange))
        {
            destinations.Clear();
            exchange.Route(routingKey, headers, destinations);
            if (destinations.Count == 0 && exchange.AlternateExchange is { } alternate &&
                _exchanges.TryGetValue(alternate, out var fallback) && visited.Add(alternate))
            {
                pending.Enqueue(fallback);
            }
            foreach (var destination in destinations)
            {
                if (destination.IsQueue)
                {
                    if (_queues.TryGetValue(destination.Name, out var queue)) queues.Add(queue);
                }
                else if (_exchanges.TryGetValue(destination.Name, out var next) && visited.Add(destination.Name))
                {
                    pending.Enqueue(next);
                }
            }
        }
    }
}

/// <summary>
/// What became of a publish: whether it reached a queue, whether a queue knew it already (dedup) or
/// refused it (a length limit), and the commit of its persistent copies.
/// </summary>
public readonly record struct PublishOutcome(bool Routed, bool Duplicate, bool Rejected, Task Stored);
