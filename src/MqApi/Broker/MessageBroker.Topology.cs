using MqApi.Broker.Exchanges;
using MqApi.Broker.Queues;
using MqApi.Broker.Routing;

namespace MqApi.Broker;

public sealed partial class MessageBroker
{
    /// <summary>Declares an exchange; true when it was created, false when an equal one existed.</summary>
    public async Task<bool> DeclareExchangeAsync(string vhost, string name, string type, ExchangeSettings settings)
    {
        var (created, stored) = GetVhost(vhost).DeclareExchange(name, type, settings);
        await stored;
        return created;
    }

    public Task DeleteExchangeAsync(string vhost, string name, bool ifUnused) => GetVhost(vhost).DeleteExchange(name, ifUnused);

    /// <summary>Declares a queue; <paramref name="connectionId"/> owns it when it is exclusive.</summary>
    public async Task<(MessageQueue Queue, bool Created)> DeclareQueueAsync(string vhost, string name, QueueSettings settings, string? connectionId = null)
    {
        var (queue, created, stored) = GetVhost(vhost).DeclareQueue(name, settings, connectionId);
        await stored;
        return (queue, created);
    }

    /// <summary>Deletes a queue, cancelling its consumers; returns how many messages it held.</summary>
    public async Task<int> DeleteQueueAsync(string vhost, string name, bool ifEmpty = false, bool ifUnused = false, string? connectionId = null)
    {
        var (cancelled, messages, stored) = GetVhost(vhost).DeleteQueue(name, ifEmpty, ifUnused, connectionId);
        NotifyCancelled(cancelled);
        await stored;
        return messages;
    }

    public Task CreateBindingAsync(string vhost, Binding binding, string? connectionId = null) => GetVhost(vhost).Bind(binding, connectionId);

    public Task DeleteBindingAsync(string vhost, Binding binding, string? connectionId = null) => GetVhost(vhost).Unbind(binding, connectionId);

    /// <summary>Purges a queue's ready messages; returns how many were dropped.</summary>
    public async Task<int> PurgeAsync(string vhost, string queueName, string? connectionId = null)
    {
        var queue = GetVhost(vhost).GetQueue(queueName);
        VirtualHost.EnsureAccessible(queue, connectionId);
        var (count, stored) = queue.Purge();
        await stored;
        return count;
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
