using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Connections.Features;
using MqApi.Broker.Persistence;

namespace MqApi.Security;

/// <summary>
/// The last basic login of a keep-alive HTTP/1.x connection: its exact Authorization header, the user
/// record it was checked against, and the ticket made for it. A client sends the same header with every
/// request of a connection. While the directory still holds that very record (a new password, new tags
/// or a delete replace or remove it), the same header is the same login, and the request is spared the
/// decoding, the keyed hash and a new principal.
/// </summary>
/// <remarks>
/// Kept in the connection's items, which live and die with the connection. Only HTTP/1.x connections
/// remember: their requests come one at a time, where HTTP/2 streams would share the items at once.
/// </remarks>
internal sealed class ConnectionLogin(string header, UserRecord user, AuthenticationTicket ticket)
{
    private static readonly object ItemKey = new();
    private readonly string _header = header;

    public UserRecord User { get; } = user;

    public AuthenticationTicket Ticket { get; } = ticket;

    public bool IsFor(string header) => string.Equals(header, _header, StringComparison.Ordinal);

    /// <summary>The login this connection remembers, if any.</summary>
    public static ConnectionLogin? Find(HttpContext context) =>
        ItemsOf(context) is { } items && items.TryGetValue(ItemKey, out var login) ? login as ConnectionLogin : null;

    /// <summary>Remembers <paramref name="login"/> for the connection's next requests, where it can.</summary>
    public static void Remember(HttpContext context, ConnectionLogin login)
    {
        if (ItemsOf(context) is { } items) items[ItemKey] = login;
    }

    private static IDictionary<object, object?>? ItemsOf(HttpContext context) =>
        HttpProtocol.IsHttp11(context.Request.Protocol) || HttpProtocol.IsHttp10(context.Request.Protocol)
            ? context.Features.Get<IConnectionItemsFeature>()?.Items
            : null;
}
