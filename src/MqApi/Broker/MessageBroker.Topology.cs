using MqApi.Broker.Access;
using MqApi.Broker.Exchanges;
using MqApi.Broker.Queues;
using MqApi.Broker.Routing;

namespace MqApi.Broker;

public sealed partial class MessageBroker
{
    /// <summary>Declares an exchange (configure permission); true when it was created, false when an equal one existed.</summary>
    public async Task<bool> DeclareExchangeAsync(Caller caller, string vhost, string name, string type, ExchangeSettings settings)
    {
        var host = VhostFor(caller, vhost);
        Demand(caller, vhost, AccessKind.Configure, "exchange", name);
        var (created, stored) = host.DeclareExchange(name, type, settings);
        await stored;
        return created;
    }

    public Task DeleteExchangeAsync(Caller caller, string vhost, string name, bool ifUnused)
    {
        var host = VhostFor(caller, vhost);
        Demand(caller, vhost, AccessKind.Configure, "exchange", name);
        return host.DeleteExchange(name, ifUnused);
    }

    /// <summary>Declares a queue (configure permission); the caller's connection owns it when it is exclusive. "" asks for a server-made name.</summary>
    public async Task<(MessageQueue Queue, bool Created)> DeclareQueueAsync(Caller caller, string vhost, string name, QueueSettings settings)
    {
        var host = VhostFor(caller, vhost);
        // The name is made here, so permissions are checked against it as RabbitMQ does.
        var serverNamed = name.Length == 0;
        if (serverNamed) name = VirtualHost.ServerNamedQueue();
        Demand(caller, vhost, AccessKind.Configure, "queue", name);
        var (queue, created, stored) = host.DeclareQueue(name, settings, caller.ConnectionId, serverNamed);
        await stored;
        return (queue, created);
    }

    /// <summary>Deletes a queue (configure permission), cancelling its consumers; returns how many messages it held.</summary>
    public async Task<int> DeleteQueueAsync(Caller caller, string vhost, string name, bool ifEmpty = false, bool ifUnused = false)
    {
        var host = VhostFor(caller, vhost);
        Demand(caller, vhost, AccessKind.Configure, "queue", name);
        var (cancelled, messages, stored) = host.DeleteQueue(name, ifEmpty, ifUnused, caller.ConnectionId);
        NotifyCancelled(cancelled);
        await stored;
        return messages;
    }

    /// <summary>Binds (write permission on the destination, read on the source exchange, as RabbitMQ).</summary>
    public Task CreateBindingAsync(Caller caller, string vhost, Binding binding)
    {
        var host = VhostFor(caller, vhost);
        DemandBinding(caller, vhost, binding);
        return host.Bind(binding, caller.ConnectionId);
    }

    public Task DeleteBindingAsync(Caller caller, string vhost, Binding binding)
    {
        var host = VhostFor(caller, vhost);
        DemandBinding(caller, vhost, binding);
        return host.Unbind(binding, caller.ConnectionId);
    }

    /// <summary>Purges a queue's ready messages (read permission); returns how many were dropped.</summary>
    public async Task<int> PurgeAsync(Caller caller, string vhost, string queueName)
    {
        var queue = VhostFor(caller, vhost).GetQueue(queueName);
        Demand(caller, vhost, AccessKind.Read, "queue", queueName);
        VirtualHost.EnsureAccessible(queue, caller.ConnectionId);
        var (count, stored) = queue.Purge();
        await stored;
        return count;
    }

    private void DemandBinding(Caller caller, string vhost, Binding binding)
    {
        Demand(caller, vhost, AccessKind.Write, binding.Destination.Kind, binding.Destination.Name);
        Demand(caller, vhost, AccessKind.Read, "exchange", binding.Source);
    }

    /// <summary>Deletes a queue if it is still the given instance (auto-delete, exclusive clean-up).</summary>
    private async Task DeleteQueueInstanceAsync(MessageQueue queue)
    {
        if (FindVhost(queue.Vhost) is not { } vhost) return;
        try
        {
            var (cancelled, _, stored) = vhost.DeleteQueue(queue.Name, false, false, queue.OwnerConnectionId, expected: queue);
            NotifyCancelled(cancelled);
            await stored;
        }
        catch (BrokerException exception) when (exception.Kind == BrokerErrorKind.NotFound)
        {
            // The vhost went first; the queue went with it.
        }
    }
}
