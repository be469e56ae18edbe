using MqApi.Broker.Messages;
using MqApi.Broker.Persistence;
using MqApi.Broker.Queues;

namespace MqApi.Broker;

public sealed partial class MessageBroker
{
    /// <summary>
    /// Rebuilds durable topology, users and persistent messages from the store. Runs once, before
    /// any front end serves. A message that had been handed out before comes back redelivered.
    /// Creates the default vhost <c>/</c> on a fresh store.
    /// </summary>
    public async Task RecoverAsync(CancellationToken cancellationToken)
    {
        var state = await _store.LoadAsync(cancellationToken);
        foreach (var record in state.Vhosts) _vhosts[record.Name] = new VirtualHost(record, _services);
        if (state.Vhosts.Count == 0) await DeclareVhostAsync(DefaultVhost, "Default virtual host", [], "classic");

        foreach (var record in state.Exchanges) FindVhost(record.Vhost)?.RestoreExchange(record);
        var queues = new Dictionary<(string, string), MessageQueue>();
        foreach (var record in state.Queues)
        {
            if (FindVhost(record.Vhost) is { } vhost) queues[(record.Vhost, record.Name)] = vhost.RestoreQueue(record);
        }
        foreach (var record in state.Bindings) FindVhost(record.Vhost)?.RestoreBinding(record);

        long lastId = 0;
        foreach (var stored in state.Messages)
        {
            lastId = Math.Max(lastId, stored.Id);
            if (!queues.TryGetValue((stored.Vhost, stored.Queue), out var queue)) continue;
            var message = new Message(stored.Exchange, stored.RoutingKey, MessagePropertiesJson.Deserialize(stored.PropertiesJson), stored.Body);
            queue.Restore(new QueuedMessage(message, stored.Id, stored.Id, stored.DeliveryCount, stored.ExpiresAtUnixMs));
        }
        Sequence.StartAfter(lastId);
        Users.Restore(state.Users, state.Permissions);
        IsRecovered = true;
    }

    /// <summary>True once durable state is back in memory: the broker is ready to serve.</summary>
    public bool IsRecovered { get; private set; }
}
