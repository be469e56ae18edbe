using MqApi.Broker.Delivery;
using MqApi.Broker.Exchanges;
using MqApi.Broker.Messages;
using MqApi.Broker.Persistence;
using MqApi.Broker.Queues;
using MqApi.Broker.Routing;

namespace MqApi.Broker;

/// <summary>
/// One virtual host: its exchanges, queues and bindings. Topology changes take the write lock and
/// routing takes the read lock, so a publish never sees half a change and never enqueues into a queue
/// being deleted. Durable changes are submitted to the store inside the lock (so the store sees them in
/// the same order as memory) and awaited by the caller outside it.
/// </summary>
public sealed partial class VirtualHost
{
    private static readonly string[] PredeclaredExchanges = ["amq.direct", "amq.fanout", "amq.topic", "amq.headers", "amq.match"];

    private readonly ReaderWriterLockSlim _lock = new(LockRecursionPolicy.NoRecursion);
    private readonly Dictionary<string, Exchange> _exchanges = new(StringComparer.Ordinal);
    private readonly Dictionary<string, MessageQueue> _queues = new(StringComparer.Ordinal);
    private readonly HashSet<Binding> _bindings = [];
    private readonly BrokerServices _services;
    private IBrokerStore Store => _services.Store;

    internal VirtualHost(VhostRecord record, BrokerServices services)
    {
        Record = record;
        _services = services;
        _exchanges[""] = new DefaultExchange(record.Name);
        foreach (var name in PredeclaredExchanges)
        {
            var type = name == "amq.match" ? ExchangeTypes.Headers : name[4..];
            _exchanges[name] = ExchangeTypes.Create(record.Name, name, type, ExchangeSettings.DurableDefaults);
        }
    }

    public string Name => Record.Name;
    public VhostRecord Record { get; internal set; }
    public bool IsDeleted { get; private set; }

    public IReadOnlyList<Exchange> Exchanges => Read(() => _exchanges.Values.ToList());
    public IReadOnlyList<MessageQueue> Queues => Read(() => _queues.Values.ToList());
    public IReadOnlyList<Binding> Bindings => Read(() => _bindings.ToList());

    public Exchange? FindExchange(string name) => Read(() => _exchanges.GetValueOrDefault(name));
    public MessageQueue? FindQueue(string name) => Read(() => _queues.GetValueOrDefault(name));

    /// <summary>
    /// Returns once every publish now routing in this vhost has enqueued its copies: a publish holds the
    /// read lock from drawing its message ids until its queues have them. Must not be called holding the lock.
    /// </summary>
    internal void WaitForPublishesInFlight()
    {
        _lock.EnterWriteLock();
        _lock.ExitWriteLock();
    }

    public Exchange GetExchange(string name) => FindExchange(name) ?? throw BrokerException.NoExchange(Name, name);
    public MessageQueue GetQueue(string name) => FindQueue(name) ?? throw BrokerException.NoQueue(Name, name);

    /// <summary>Declares an exchange, or checks an existing one is the same. Returns whether it was created.</summary>
    public (bool Created, Task Stored) DeclareExchange(string name, string type, ExchangeSettings settings)
    {
        NameRules.EnsureShortString("exchange name", name);
        if (!ExchangeTypes.IsKnown(type)) throw BrokerException.BadArgument($"unknown exchange type '{type}'");
        return Write(() =>
        {
            if (_exchanges.TryGetValue(name, out var existing))
            {
                Equivalence.EnsureSame(existing, type, settings);
                return (false, Task.CompletedTask);
            }
            if (name.Length == 0) throw BrokerException.AccessRefused("the default exchange cannot be redeclared");
            NameRules.EnsureNotReserved("exchange", name, Name);
            _exchanges[name] = ExchangeTypes.Create(Name, name, type, settings);
            var stored = settings.Durable
                ? Store.WriteAsync(new StoreWrite.SaveExchange(new ExchangeRecord(Name, name, type, settings.AutoDelete, settings.Internal, settings.Arguments)))
                : Task.CompletedTask;
            return (true, stored);
        });
    }

    public Task DeleteExchange(string name, bool ifUnused) => Write(() =>
    {
        if (name.Length == 0 || NameRules.IsReserved(name))
            throw BrokerException.AccessRefused($"exchange '{name}' in vhost '{Name}' belongs to the broker and cannot be deleted");
        if (!_exchanges.TryGetValue(name, out var exchange)) throw BrokerException.NoExchange(Name, name);
        if (ifUnused && exchange.BindingCount > 0)
            throw BrokerException.PreconditionFailed($"exchange '{name}' in vhost '{Name}' in use");
        var writes = new List<StoreWrite>();
        RemoveExchangeLocked(exchange, writes);
        return Submit(writes);
    });

    /// <summary>Declares a queue (an empty name asks for a server-made one), or checks an existing one.</summary>
    public (MessageQueue Queue, bool Created, Task Stored) DeclareQueue(string name, QueueSettings settings, string? ownerConnectionId, bool serverNamed = false)
    {
        NameRules.EnsureShortString("queue name", name);
        QueueArguments.Validate(settings.Arguments);
        if (settings.Exclusive && ownerConnectionId is null)
            throw BrokerException.BadArgument("an exclusive queue belongs to a connection: declare it over the hub");
        return Write(() =>
        {
            if (name.Length == 0) name = ServerNamedQueue();
            else if (_queues.TryGetValue(name, out var existing))
            {
                EnsureAccessible(existing, ownerConnectionId);
                Equivalence.EnsureSame(existing, settings);
                existing.Touch();
                return (existing, false, Task.CompletedTask);
            }
            else if (!serverNamed) NameRules.EnsureNotReserved("queue", name, Name);
            var queue = new MessageQueue(Name, name, settings, settings.Exclusive ? ownerConnectionId : null, _services, WaitForPublishesInFlight);
            _queues[name] = queue;
            var stored = settings.Durable && !settings.Exclusive
                ? Store.WriteAsync(new StoreWrite.SaveQueue(new QueueRecord(Name, name, settings.AutoDelete, settings.Arguments)))
                : Task.CompletedTask;
            return (queue, true, stored);
        });
    }

    /// <summary>
    /// Deletes a queue. <paramref name="expected"/>, when given, makes the delete apply only to that
    /// very queue (an auto-delete must not remove a newer queue of the same name).
    /// </summary>
    public (List<Consumer> Cancelled, int Messages, Task Stored) DeleteQueue(
        string name, bool ifEmpty, bool ifUnused, string? connectionId, MessageQueue? expected = null) => Write(() =>
    {
        if (!_queues.TryGetValue(name, out var queue) || (expected is not null && !ReferenceEquals(queue, expected)))
        {
            if (expected is not null) return (new List<Consumer>(), 0, Task.CompletedTask);
            throw BrokerException.NoQueue(Name, name);
        }
        EnsureAccessible(queue, connectionId);
        var counters = queue.Counters;
        if (ifEmpty && counters.Messages > 0) throw BrokerException.PreconditionFailed($"queue '{name}' in vhost '{Name}' not empty");
        if (ifUnused && counters.Consumers > 0) throw BrokerException.PreconditionFailed($"queue '{name}' in vhost '{Name}' in use");
        var writes = new List<StoreWrite>();
        var cancelled = RemoveQueueLocked(queue, writes);
        return (cancelled, counters.Messages, Submit(writes));
    });

    public Task Bind(Binding binding, string? connectionId) => Write(() =>
    {
        NameRules.EnsureShortString("routing key", binding.RoutingKey);
        if (binding.Source.Length == 0 || (!binding.Destination.IsQueue && binding.Destination.Name.Length == 0))
            throw BrokerException.AccessRefused("the default exchange cannot be bound to or from");
        if (!_exchanges.TryGetValue(binding.Source, out var source)) throw BrokerException.NoExchange(Name, binding.Source);
        EnsureDestinationExists(binding.Destination, connectionId);
        if (source.ValidateBindingArguments(binding.Arguments) is { } problem) throw BrokerException.BadArgument(problem);
        if (!_bindings.Add(binding)) return Task.CompletedTask;
        source.AddBinding(binding);
        return IsDurable(binding) ? Store.WriteAsync(new StoreWrite.SaveBinding(ToRecord(binding))) : Task.CompletedTask;
    });

    public Task Unbind(Binding binding, string? connectionId) => Write(() =>
    {
        if (binding.Source.Length == 0) throw BrokerException.AccessRefused("the default exchange cannot be unbound");
        if (!_exchanges.ContainsKey(binding.Source)) throw BrokerException.NoExchange(Name, binding.Source);
        EnsureDestinationExists(binding.Destination, connectionId);
        if (!_bindings.Contains(binding)) throw BrokerException.NotFound($"no binding from '{binding.Source}' to {binding.Destination.Kind} '{binding.Destination.Name}' with that key and arguments in vhost '{Name}'");
        var writes = new List<StoreWrite>();
        RemoveBindingLocked(binding, writes);
        return Submit(writes);
    });

    /// <summary>Marks the vhost deleted and tears everything down; returns the consumers to cancel.</summary>
    internal List<Consumer> MarkDeleted() => Write(() =>
    {
        IsDeleted = true;
        var cancelled = new List<Consumer>();
        foreach (var queue in _queues.Values) cancelled.AddRange(queue.MarkDeleted());
        _queues.Clear();
        _exchanges.Clear();
        _bindings.Clear();
        return cancelled;
    });

    private void EnsureDestinationExists(BindingDestination destination, string? connectionId)
    {
        if (destination.IsQueue)
        {
            if (!_queues.TryGetValue(destination.Name, out var queue)) throw BrokerException.NoQueue(Name, destination.Name);
            EnsureAccessible(queue, connectionId);
        }
        else if (!_exchanges.ContainsKey(destination.Name))
        {
            throw BrokerException.NoExchange(Name, destination.Name);
        }
    }

    /// <summary>An exclusive queue is usable by its own connection only (AMQP's RESOURCE_LOCKED).</summary>
    internal static void EnsureAccessible(MessageQueue queue, string? connectionId)
    {
        if (queue.OwnerConnectionId is not null && queue.OwnerConnectionId != connectionId)
            throw BrokerException.ResourceLocked($"cannot obtain exclusive access to locked queue '{queue.Name}' in vhost '{queue.Vhost}'");
    }

    private void RemoveExchangeLocked(Exchange exchange, List<StoreWrite> writes)
    {
        _exchanges.Remove(exchange.Name);
        foreach (var binding in _bindings.Where(b => b.Source == exchange.Name || (!b.Destination.IsQueue && b.Destination.Name == exchange.Name)).ToList())
        {
            RemoveBindingLocked(binding, writes, storeDelete: false);
        }
        if (exchange.IsDurable) writes.Add(new StoreWrite.DeleteExchange(Name, exchange.Name));
    }

    private List<Consumer> RemoveQueueLocked(MessageQueue queue, List<StoreWrite> writes)
    {
        _queues.Remove(queue.Name);
        var destination = BindingDestination.Queue(queue.Name);
        foreach (var binding in _bindings.Where(b => b.Destination == destination).ToList())
        {
            RemoveBindingLocked(binding, writes, storeDelete: false);
        }
        if (queue.IsDurable) writes.Add(new StoreWrite.DeleteQueue(Name, queue.Name));
        return queue.MarkDeleted();
    }

    private void RemoveBindingLocked(Binding binding, List<StoreWrite> writes, bool storeDelete = true)
    {
        _bindings.Remove(binding);
        if (!_exchanges.TryGetValue(binding.Source, out var source)) return;
        source.RemoveBinding(binding);
        if (storeDelete && IsDurable(binding)) writes.Add(new StoreWrite.DeleteBinding(ToRecord(binding)));
        // An auto-delete exchange goes when its last binding does, as in RabbitMQ.
        if (source.IsAutoDelete && source.BindingCount == 0) RemoveExchangeLocked(source, writes);
    }

    private bool IsDurable(Binding binding) =>
        _exchanges.TryGetValue(binding.Source, out var source) && source.IsDurable &&
        (binding.Destination.IsQueue
            ? _queues.TryGetValue(binding.Destination.Name, out var queue) && queue.IsDurable && queue.OwnerConnectionId is null
            : _exchanges.TryGetValue(binding.Destination.Name, out var destination) && destination.IsDurable);

    private BindingRecord ToRecord(Binding binding) =>
        new(Name, binding.Source, binding.Destination.Name, binding.Destination.IsQueue, binding.RoutingKey, binding.Arguments);

    private Task Submit(List<StoreWrite> writes) => writes.Count == 0 ? Task.CompletedTask : Store.WriteAsync(writes);

    internal static string ServerNamedQueue() =>
        "amq.gen-" + Convert.ToBase64String(Guid.NewGuid().ToByteArray()).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private T Read<T>(Func<T> read)
    {
        _lock.EnterReadLock();
        try { return read(); }
        finally { _lock.ExitReadLock(); }
    }

    private T Write<T>(Func<T> write)
    {
        _lock.EnterWriteLock();
        try
        {
            if (IsDeleted) throw BrokerException.NoVhost(Name);
            return write();
        }
        finally { _lock.ExitWriteLock(); }
    }
}
