using MqApi.Broker.Messages;

namespace MqApi.Broker.Queues;

/// <summary>The declared flags and arguments of a queue; compared on redeclare.</summary>
public sealed record QueueSettings(bool Durable, bool Exclusive, bool AutoDelete, IReadOnlyDictionary<string, object?> Arguments)
{
    public static QueueSettings DurableDefaults { get; } = new(true, false, false, FieldTable.Empty);

    public bool IsSingleActiveConsumer =>
        Arguments.TryGetValue("x-single-active-consumer", out var value) && FieldTable.TryGetBoolean(value, out var on) && on;

    /// <summary>Highest priority the queue honours (x-max-priority), or 0 when it ignores priorities.</summary>
    public int MaxPriority =>
        Arguments.TryGetValue("x-max-priority", out var value) && FieldTable.TryGetInteger(value, out var max) ? (int)Math.Clamp(max, 0, 255) : 0;
}
