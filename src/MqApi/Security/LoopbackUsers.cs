using System.Net;
using Microsoft.Extensions.Options;
using MqApi.Broker;

namespace MqApi.Security;

/// <summary>
/// RabbitMQ's loopback_users: the well-known guest/guest account works only from the machine itself,
/// so a broker exposed on a network is not open to the world by default.
/// </summary>
public sealed class LoopbackUsers(IOptions<BrokerOptions> options)
{
    /// <summary>
    /// True unless the user is loopback-only and the client is elsewhere. No address at all means an
    /// in-process client (the test server), which is as local as it gets.
    /// </summary>
    public bool MayConnectFrom(string user, IPAddress? client) =>
        client is null || IPAddress.IsLoopback(client) || !options.Value.LoopbackUsers.Contains(user, StringComparer.Ordinal);
}
