using MqApi.Broker.Messages;

namespace MqApi.Broker.Queues;

/// <summary>Checks the queue arguments MqApi interprets, as RabbitMQ does at declare time.</summary>
public static class QueueArguments
{
    public static readonly string[] OverflowModes = ["drop-head", "reject-publish", "reject-publish-dlx"];

    public static void Validate(IReadOnlyDictionary<string, object?> arguments)
    {
        foreach (var (key, value) in arguments)
        {
            var problem = key switch
            {
                "x-message-ttl" or "x-max-length" or "x-max-length-bytes" or "x-delivery-limit" => NonNegativeInteger(value),
                "x-expires" or "x-deduplication-window" => PositiveInteger(value),
                "x-max-priority" => IntegerInRange(value, 0, 255),
                "x-overflow" => value is string mode && OverflowModes.Contains(mode) ? null : $"must be one of {string.Join(", ", OverflowModes)}",
                "x-dead-letter-exchange" or "x-dead-letter-routing-key" => value is string ? null : "must be a string",
                "x-single-active-consumer" => FieldTable.TryGetBoolean(value, out _) ? null : "must be a boolean",
                _ => null,
            };
            if (problem is not null) throw BrokerException.PreconditionFailed($"invalid arg '{key}': {problem}; got {Show(value)}");
        }
    }

    private static string? NonNegativeInteger(object? value) =>
        FieldTable.TryGetInteger(value, out var number) && number >= 0 ? null : "must be a non-negative integer";

    private static string? PositiveInteger(object? value) =>
        FieldTable.TryGetInteger(value, out var number) && number > 0 ? null : "must be a positive integer";

    private static string? IntegerInRange(object? value, long min, long max) =>
        FieldTable.TryGetInteger(value, out var number) && number >= min && number <= max ? null : $"must be an integer from {min} to {max}";

    private static string Show(object? value) => value is null ? "none" : $"'{value}'";
}
