namespace MqApi.Api.Contracts;

/// <summary>A hub connection, in RabbitMQ's connection shape (one channel per connection).</summary>
public sealed record ConnectionResponse(
    string Name, string Node, string State, string Type, string Protocol, string User, long ConnectedAt,
    string? Host, int Port, string? PeerHost, int PeerPort, bool Ssl, string AuthMechanism,
    int Channels, int ChannelMax, IReadOnlyDictionary<string, object> ClientProperties);

/// <summary>A consumer, in RabbitMQ's consumer shape.</summary>
public sealed record ConsumerResponse(
    string ConsumerTag, QueueReference Queue, ChannelDetails ChannelDetails, int PrefetchCount, bool AckRequired,
    bool Exclusive, bool Active, string ActivityStatus, IReadOnlyDictionary<string, object?> Arguments, long ConsumerTimeout);

public sealed record QueueReference(string Name, string Vhost);

/// <summary>The channel a consumer is on; MqApi has one per connection, numbered 1.</summary>
public sealed record ChannelDetails(
    string Name, int Number, string ConnectionName, string Node, string User, string? PeerHost, int PeerPort);
