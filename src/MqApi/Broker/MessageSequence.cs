namespace MqApi.Broker;

/// <summary>
/// Hands out increasing ids for queued messages: a message's place in line and, when persistent,
/// its row id. Starts above the highest id recovered from the store.
/// </summary>
public sealed class MessageSequence
{
    private long _last;

    public long Next() => Interlocked.Increment(ref _last);

    internal void StartAfter(long id)
    {
        if (id > Volatile.Read(ref _last)) Volatile.Write(ref _last, id);
    }
}
