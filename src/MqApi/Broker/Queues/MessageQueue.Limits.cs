namespace MqApi.Broker.Queues;

public sealed partial class MessageQueue
{
    // Expiry, length limits and dead-lettering. All called under the queue's lock.

    /// <summary>Removes expired messages from the head (as RabbitMQ does) and deletes the queue when x-expires says it went unused.</summary>
    internal bool Sweep(long nowUnixMs)
    {
        lock (_gate)
        {
            while (_ready.TryPeek(out var head) && head.IsExpired(nowUnixMs))
            {
                _ready.TryTake(out _);
                DeadLetterLocked(head, DeadLetterReasons.Expired);
            }
            return !IsDeleted && _consumers.Count == 0 && Settings.Expires is { } expires && nowUnixMs - _lastUsedUnixMs >= expires;
        }
    }

    /// <summary>Marks the queue used (a redeclare), which restarts its x-expires clock.</summary>
    internal void Touch()
    {
        lock (_gate) _lastUsedUnixMs = _services.NowUnixMs;
    }

    /// <summary>Takes the next ready message that has not expired; expired ones met on the way are dead-lettered.</summary>
    private bool TryTakeLive(out QueuedMessage message)
    {
        var now = _services.NowUnixMs;
        while (_ready.TryTake(out message))
        {
            if (!message.IsExpired(now)) return true;
            DeadLetterLocked(message, DeadLetterReasons.Expired);
        }
        return false;
    }

    private bool WouldOverflow(QueuedMessage message) =>
        (Settings.MaxLength is { } maxLength && _ready.Count + 1 > maxLength) ||
        (Settings.MaxLengthBytes is { } maxBytes && _ready.Bytes + message.BodySize > maxBytes);

    private bool IsOverLimit() =>
        (Settings.MaxLength is { } maxLength && _ready.Count > maxLength) ||
        (Settings.MaxLengthBytes is { } maxBytes && _ready.Bytes > maxBytes);

    /// <summary>A message leaves this queue for its dead-letter exchange, or is dropped when there is none.</summary>
    private void DeadLetterLocked(QueuedMessage message, string reason)
    {
        if (Settings.DeadLetterExchange is null)
        {
            _ = Forget([message]);
            return;
        }
        Count(Statistics.MessageStat.DeadLetter);
        _services.DeadLetters.Add(this, message, reason);
    }
}
