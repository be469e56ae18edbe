using System.Collections.Concurrent;

namespace MqApi.Hubs;

/// <summary>
/// What the HTTP layer knew about each hub connection when it opened (transport, addresses), for
/// <c>/api/connections</c> and <c>/api/consumers</c>. The broker session holds the rest.
/// </summary>
public sealed class HubConnectionDirectory
{
    private readonly ConcurrentDictionary<string, HubConnectionDetails> _connections = new(StringComparer.Ordinal);

    public HubConnectionDetails? Find(string connectionId) => _connections.GetValueOrDefault(connectionId);

    internal void Add(string connectionId, HubConnectionDetails details) => _connections[connectionId] = details;

    internal void Remove(string connectionId) => _connections.TryRemove(connectionId, out _);
}

/// <summary>
/// A hub connection's transport facts: the SignalR transport, the authentication scheme that signed it
/// in, and its addresses (null, port 0, when the server cannot tell, as on the in-memory test server).
/// </summary>
public sealed record HubConnectionDetails(
    string Transport, string AuthMechanism, string? PeerHost, int PeerPort, string? Host, int Port, bool IsTls);
