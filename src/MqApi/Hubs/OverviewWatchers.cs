using System.Collections.Concurrent;

namespace MqApi.Hubs;

/// <summary>
/// The hub connections that asked for live overview figures (<see cref="MqHub.WatchOverview"/>), with the user
/// each one signed in as, so that every push is built with that user's permissions.
/// </summary>
public sealed class OverviewWatchers
{
    private readonly ConcurrentDictionary<string, string> _userByConnection = new(StringComparer.Ordinal);

    public bool IsEmpty => _userByConnection.IsEmpty;

    /// <summary>The watching connections grouped by user: one overview per user serves all of that user's tabs.</summary>
    public IReadOnlyList<IGrouping<string, string>> ByUser() =>
        [.. _userByConnection.GroupBy(pair => pair.Value, pair => pair.Key, StringComparer.Ordinal)];

    internal bool IsWatching(string connectionId) => _userByConnection.ContainsKey(connectionId);

    internal void Add(string connectionId, string user) => _userByConnection[connectionId] = user;

    internal void Remove(string connectionId) => _userByConnection.TryRemove(connectionId, out _);
}
