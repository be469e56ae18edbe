using MqApi.Broker.Access;

namespace MqApi.Broker;

public sealed partial class MessageBroker
{
    /// <summary>Tags that let a user see every vhost in listings (management reads), as in RabbitMQ.</summary>
    private static readonly string[] SeeAllTags = ["administrator", "monitoring"];

    /// <summary>
    /// The vhost, if the caller may use it. A vhost the caller has no permissions on does not exist
    /// for it (404), so names of other tenants' vhosts do not leak.
    /// </summary>
    public VirtualHost VhostFor(Caller caller, string vhost)
    {
        var host = GetVhost(vhost);
        if (!caller.IsInternal && Users.FindPermission(caller.User, vhost) is null) throw BrokerException.NoVhost(vhost);
        return host;
    }

    /// <summary>Whether the caller sees the vhost in listings: its own vhosts, or all with administrator/monitoring.</summary>
    public bool CanSee(Caller caller, string vhost) => SeesEverything(caller) || Users.FindPermission(caller.User, vhost) is not null;

    /// <summary>Administrators and monitoring users see every vhost and every connection in listings.</summary>
    public bool SeesEverything(Caller caller) =>
        caller.IsInternal || (Users.FindUser(caller.User)?.Tags.Any(tag => SeeAllTags.Contains(tag)) ?? false);

    /// <summary>A vhost for a management read: 404 unless the caller <see cref="CanSee"/> it.</summary>
    public VirtualHost VisibleVhost(Caller caller, string vhost)
    {
        var host = GetVhost(vhost);
        return CanSee(caller, vhost) ? host : throw BrokerException.NoVhost(vhost);
    }

    /// <summary>The vhosts a management listing shows the caller.</summary>
    public IReadOnlyList<VirtualHost> VisibleVhosts(Caller caller) => [.. Vhosts.Where(v => CanSee(caller, v.Name))];

    public bool HasTag(Caller caller, string tag) => caller.IsInternal || (Users.FindUser(caller.User)?.Tags.Contains(tag) ?? false);

    /// <summary>Refuses (403 not_authorised) unless the caller's permission of this kind on the vhost matches the resource.</summary>
    public void Demand(Caller caller, string vhost, AccessKind kind, string resourceKind, string resource)
    {
        if (caller.IsInternal) return;
        var permission = Users.FindPermission(caller.User, vhost) ?? throw BrokerException.NoVhost(vhost);
        var pattern = kind switch
        {
            AccessKind.Configure => permission.Configure,
            AccessKind.Write => permission.Write,
            _ => permission.Read,
        };
        if (!PermissionPatterns.Allows(pattern, resource))
            throw BrokerException.NotAuthorised(
                $"access to {resourceKind} '{resource}' in vhost '{vhost}' refused for user '{caller.User}': no {kind.ToString().ToLowerInvariant()} permission");
    }
}
