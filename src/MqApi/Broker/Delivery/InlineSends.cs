namespace MqApi.Broker.Delivery;

/// <summary>
/// Where an idle session starts sending a delivery: on the thread pool, or, inside a scope, on the
/// thread that made the delivery once that thread has left every broker lock.
/// </summary>
/// <remarks>
/// A publish or a settlement dispatches under queue locks, where no send may start (a send calls back
/// into its queue). Without a scope each idle session's first send is a work item, a thread wake-up
/// between a publish (or the ack that makes room) and the delivery. The calling thread holds no lock
/// once the broker call's synchronous part is done, so publishes, acks and nacks open a scope: the
/// sessions they woke start sending on that thread as the scope ends, and only what those sends cannot
/// finish at once goes on to the pool. The scope is per thread and ends before the call awaits
/// anything, so it never crosses an await. Wherever it starts, a send runs in the execution context of
/// the session's own connection (<see cref="ClientSession"/>), not in that of the publish or ack.
/// </remarks>
internal static class InlineSends
{
    [ThreadStatic] private static List<ClientSession>? _pending;
    [ThreadStatic] private static int _depth;

    /// <summary>Opens a scope; sessions woken inside it start sending on this thread when it ends.</summary>
    public static Scope Begin()
    {
        _depth++;
        return new Scope();
    }

    /// <summary>Starts <paramref name="session"/>'s sending: at the end of this thread's scope if one is open, else on the pool.</summary>
    public static void Start(ClientSession session)
    {
        if (_depth > 0)
        {
            (_pending ??= []).Add(session);
            return;
        }
        ThreadPool.UnsafeQueueUserWorkItem(static s => s.SendPending(inline: false), session, preferLocal: false);
    }

    public readonly struct Scope : IDisposable
    {
        public void Dispose()
        {
            if (--_depth > 0 || _pending is not { Count: > 0 } pending) return;
            // Copied out first: a session woken by these sends goes to the pool (no scope is open now),
            // but a scope opened inside one of them would add to this very list while it is walked.
            var sessions = pending.ToArray();
            pending.Clear();
            foreach (var session in sessions) session.SendPending(inline: true);
        }
    }
}
