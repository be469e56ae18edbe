using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MqApi.Broker.Access;
using MqApi.Broker.Delivery;
using MqApi.Broker.Persistence;

namespace MqApi.Broker;

/// <summary>
/// The broker: the one entry point every front end (REST, hub) calls, so they share one set of
/// queues and one delivery engine. Knows nothing of HTTP or SignalR.
/// </summary>
public sealed partial class MessageBroker : IAsyncDisposable
{
    public const string DefaultVhost = "/";

    private readonly ConcurrentDictionary<string, VirtualHost> _vhosts = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, ClientSession> _sessions = new(StringComparer.Ordinal);
    private readonly IBrokerStore _store;
    private readonly BrokerServices _services;
    private readonly BrokerOptions _options;
    private readonly ILogger<MessageBroker> _logger;
    private readonly SemaphoreSlim _vhostChanges = new(1, 1);

    public MessageBroker(IBrokerStore store, IOptions<BrokerOptions> options, TimeProvider time, ILogger<MessageBroker> logger)
    {
        _store = store;
        _options = options.Value;
        _logger = logger;
        _deadLetters = new DeadLetterPump(this);
        _services = new BrokerServices(store, _deadLetters, time);
        Users = new UserDirectory(store);
    }

    public UserDirectory Users { get; }

    /// <summary>Broker-wide message counters; queues and exchanges carry their own (<c>Stats</c>).</summary>
    public Statistics.MessageStats Totals => _services.Totals;
    public MessageSequence Sequence { get; } = new();

    public IReadOnlyList<VirtualHost> Vhosts => [.. _vhosts.Values.OrderBy(v => v.Name, StringComparer.Ordinal)];

    public IReadOnlyList<ClientSession> Sessions => [.. _sessions.Values.OrderBy(s => s.ConnectedAt)];

    public VirtualHost? FindVhost(string name) => _vhosts.GetValueOrDefault(name);

    public VirtualHost GetVhost(string name) => FindVhost(name) ?? throw BrokerException.NoVhost(name);

    /// <summary>Creates a vhost with its predeclared exchanges, or updates its description; true when created.</summary>
    public async Task<bool> DeclareVhostAsync(string name, string description, IReadOnlyList<string> tags, string defaultQueueType)
    {
        NameRules.EnsureShortString("vhost name", name);
        if (name.Length == 0) throw BrokerException.BadArgument("vhost name must not be empty");
        var record = new VhostRecord(name, description, tags, defaultQueueType);
        await _vhostChanges.WaitAsync();
        try
        {
            var created = !_vhosts.TryGetValue(name, out var existing);
            if (existing is not null) existing.Record = record;
            else _vhosts[name] = new VirtualHost(record, _services);
            await _store.WriteAsync(new StoreWrite.SaveVhost(record));
            return created;
        }
        finally
        {
            _vhostChanges.Release();
        }
    }

    public async Task DeleteVhostAsync(string name)
    {
        await _vhostChanges.WaitAsync();
        try
        {
            if (!_vhosts.TryRemove(name, out var vhost)) throw BrokerException.NoVhost(name);
            var cancelled = vhost.MarkDeleted();
            Users.ForgetVhost(name);
            NotifyCancelled(cancelled);
            await _store.WriteAsync(new StoreWrite.DeleteVhost(name));
        }
        finally
        {
            _vhostChanges.Release();
        }
    }

    /// <summary>Stops the background work (dead-lettering) after what was queued is done.</summary>
    public async ValueTask DisposeAsync()
    {
        await _deadLetters.StopAsync();
    }

    private static void NotifyCancelled(IEnumerable<Consumer> consumers)
    {
        foreach (var consumer in consumers) consumer.Session.OnConsumerCancelled(consumer);
    }
}
