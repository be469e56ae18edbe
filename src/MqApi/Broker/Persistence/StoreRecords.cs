namespace MqApi.Broker.Persistence;

// Persistence shapes the broker hands to its store. They carry only what must survive a restart.

public sealed record VhostRecord(string Name, string Description, IReadOnlyList<string> Tags, string DefaultQueueType);

public sealed record ExchangeRecord(
    string Vhost, string Name, string Type, bool AutoDelete, bool Internal,
    IReadOnlyDictionary<string, object?> Arguments);

public sealed record QueueRecord(
    string Vhost, string Name, bool AutoDelete,
    IReadOnlyDictionary<string, object?> Arguments);

/// <summary>A binding; <see cref="DestinationIsQueue"/> tells a queue destination from an exchange one.</summary>
public sealed record BindingRecord(
    string Vhost, string Source, string Destination, bool DestinationIsQueue, string RoutingKey,
    IReadOnlyDictionary<string, object?> Arguments);

/// <summary>A user. The password is only ever held as a hash.</summary>
public sealed record UserRecord(string Name, string PasswordHash, string HashingAlgorithm, IReadOnlyList<string> Tags);

public sealed record PermissionRecord(string User, string Vhost, string Configure, string Write, string Read);

/// <summary>
/// One persistent message in one durable queue. <see cref="Id"/> is assigned by the broker, unique
/// across the store and increasing in publish order, so ordering by it restores queue order.
/// </summary>
public sealed record StoredMessage(
    long Id, string Vhost, string Queue, string Exchange, string RoutingKey,
    string PropertiesJson, ReadOnlyMemory<byte> Body, int DeliveryCount, long? ExpiresAtUnixMs);
