namespace MqApi.Broker.Persistence;

/// <summary>
/// One change to durable state. The store applies writes in the order they were submitted, so a
/// message insert always lands before its ack's delete and a queue's delete before a later redeclare.
/// </summary>
public abstract record StoreWrite
{
    public sealed record SaveVhost(VhostRecord Vhost) : StoreWrite;
    /// <summary>Deletes the vhost and everything in it: exchanges, queues, bindings, permissions, messages.</summary>
    public sealed record DeleteVhost(string Name) : StoreWrite;
    public sealed record SaveExchange(ExchangeRecord Exchange) : StoreWrite;
    /// <summary>Deletes the exchange and every binding it is source or destination of.</summary>
    public sealed record DeleteExchange(string Vhost, string Name) : StoreWrite;
    public sealed record SaveQueue(QueueRecord Queue) : StoreWrite;
    /// <summary>Deletes the queue, its bindings and its messages.</summary>
    public sealed record DeleteQueue(string Vhost, string Name) : StoreWrite;
    public sealed record SaveBinding(BindingRecord Binding) : StoreWrite;
    public sealed record DeleteBinding(BindingRecord Binding) : StoreWrite;
    public sealed record SaveUser(UserRecord User) : StoreWrite;
    /// <summary>Deletes the user and its permissions.</summary>
    public sealed record DeleteUser(string Name) : StoreWrite;
    public sealed record SavePermission(PermissionRecord Permission) : StoreWrite;
    public sealed record DeletePermission(string User, string Vhost) : StoreWrite;
    public sealed record InsertMessages(IReadOnlyList<StoredMessage> Messages) : StoreWrite;
    /// <summary>Removes settled messages (acked, dropped, expired or dead-lettered away).</summary>
    public sealed record DeleteMessages(IReadOnlyList<long> Ids) : StoreWrite;
    /// <summary>Records that a message was handed out again, so its count survives a restart.</summary>
    public sealed record SetDeliveryCount(long Id, int DeliveryCount) : StoreWrite;
    public sealed record PurgeQueue(string Vhost, string Name) : StoreWrite;
    /// <summary>Removes one queue's messages with ids in (AfterId, ThroughId]: its paged-out part, on purge.</summary>
    public sealed record DeleteMessageRange(string Vhost, string Queue, long AfterId, long ThroughId) : StoreWrite;
}
