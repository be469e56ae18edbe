using System.Collections.Concurrent;
using MqApi.Broker.Persistence;

namespace MqApi.Broker.Access;

/// <summary>
/// Users and their per-vhost permissions, as persisted. Passwords are held only as hashes made by
/// the security layer; the broker never sees a password.
/// </summary>
public sealed class UserDirectory(IBrokerStore store)
{
    private readonly ConcurrentDictionary<string, UserRecord> _users = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<(string User, string Vhost), PermissionRecord> _permissions = new();
    // Serialises memory changes with their store submissions, so both see the same order.
    private readonly object _gate = new();

    /// <summary>Raised after a user is changed or deleted, so caches of credentials can drop it.</summary>
    public event Action<string>? UserChanged;

    public IReadOnlyList<UserRecord> Users => [.. _users.Values.OrderBy(u => u.Name, StringComparer.Ordinal)];

    public IReadOnlyList<PermissionRecord> Permissions =>
        [.. _permissions.Values.OrderBy(p => p.Vhost, StringComparer.Ordinal).ThenBy(p => p.User, StringComparer.Ordinal)];

    public UserRecord? FindUser(string name) => _users.GetValueOrDefault(name);

    public PermissionRecord? FindPermission(string user, string vhost) => _permissions.GetValueOrDefault((user, vhost));

    /// <summary>Creates or replaces a user; true when it was created.</summary>
    public async Task<bool> SaveUserAsync(UserRecord user)
    {
        NameRules.EnsureShortString("user name", user.Name);
        Task stored;
        bool created;
        lock (_gate)
        {
            created = _users.TryAdd(user.Name, user);
            if (!created) _users[user.Name] = user;
            stored = store.WriteAsync(new StoreWrite.SaveUser(user));
        }
        await stored;
        UserChanged?.Invoke(user.Name);
        return created;
    }

    public async Task DeleteUserAsync(string name)
    {
        Task stored;
        lock (_gate)
        {
            if (!_users.TryRemove(name, out _)) throw BrokerException.NotFound($"no user '{name}'");
            foreach (var key in _permissions.Keys.Where(k => k.User == name)) _permissions.TryRemove(key, out _);
            stored = store.WriteAsync(new StoreWrite.DeleteUser(name));
        }
        await stored;
        UserChanged?.Invoke(name);
    }

    public async Task<bool> SavePermissionAsync(PermissionRecord permission)
    {
        Task stored;
        bool created;
        lock (_gate)
        {
            if (!_users.ContainsKey(permission.User)) throw BrokerException.NotFound($"no user '{permission.User}'");
            created = _permissions.TryAdd((permission.User, permission.Vhost), permission);
            if (!created) _permissions[(permission.User, permission.Vhost)] = permission;
            stored = store.WriteAsync(new StoreWrite.SavePermission(permission));
        }
        await stored;
        return created;
    }

    public async Task DeletePermissionAsync(string user, string vhost)
    {
        Task stored;
        lock (_gate)
        {
            if (!_permissions.TryRemove((user, vhost), out _)) throw BrokerException.NotFound($"no permissions for user '{user}' in vhost '{vhost}'");
            stored = store.WriteAsync(new StoreWrite.DeletePermission(user, vhost));
        }
        await stored;
    }

    /// <summary>Forgets the permissions on a deleted vhost (the store drops them with the vhost).</summary>
    internal void ForgetVhost(string vhost)
    {
        foreach (var key in _permissions.Keys.Where(k => k.Vhost == vhost)) _permissions.TryRemove(key, out _);
    }

    internal void Restore(IEnumerable<UserRecord> users, IEnumerable<PermissionRecord> permissions)
    {
        foreach (var user in users) _users[user.Name] = user;
        foreach (var permission in permissions) _permissions[(permission.User, permission.Vhost)] = permission;
    }
}
