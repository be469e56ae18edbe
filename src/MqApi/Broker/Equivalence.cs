using MqApi.Broker.Exchanges;
using MqApi.Broker.Messages;
using MqApi.Broker.Queues;

namespace MqApi.Broker;

/// <summary>RabbitMQ's redeclare rule: a declare must match what exists, flag for flag, or it is refused.</summary>
internal static class Equivalence
{
    public static void EnsureSame(Exchange existing, string type, ExchangeSettings requested)
    {
        var what = $"exchange '{existing.Name}' in vhost '{existing.Vhost}'";
        Check(what, "type", existing.Type, type);
        Check(what, "durable", existing.Settings.Durable, requested.Durable);
        Check(what, "auto_delete", existing.Settings.AutoDelete, requested.AutoDelete);
        Check(what, "internal", existing.Settings.Internal, requested.Internal);
        CheckArguments(what, existing.Settings.Arguments, requested.Arguments);
    }

    public static void EnsureSame(MessageQueue existing, QueueSettings requested)
    {
        var what = $"queue '{existing.Name}' in vhost '{existing.Vhost}'";
        Check(what, "durable", existing.Settings.Durable, requested.Durable);
        Check(what, "exclusive", existing.Settings.Exclusive, requested.Exclusive);
        Check(what, "auto_delete", existing.Settings.AutoDelete, requested.AutoDelete);
        CheckArguments(what, existing.Settings.Arguments, requested.Arguments);
    }

    private static void Check<T>(string what, string field, T current, T received)
    {
        if (!EqualityComparer<T>.Default.Equals(current, received))
            throw BrokerException.PreconditionFailed(
                $"inequivalent arg '{field}' for {what}: received '{Text(received)}' but current is '{Text(current)}'");
    }

    private static void CheckArguments(string what, IReadOnlyDictionary<string, object?> current, IReadOnlyDictionary<string, object?> received)
    {
        foreach (var key in current.Keys.Union(received.Keys).Order(StringComparer.Ordinal))
        {
            current.TryGetValue(key, out var was);
            received.TryGetValue(key, out var now);
            var wasJson = FieldTable.ToCanonicalJson(new Dictionary<string, object?> { ["v"] = was });
            var nowJson = FieldTable.ToCanonicalJson(new Dictionary<string, object?> { ["v"] = now });
            if (wasJson != nowJson)
                throw BrokerException.PreconditionFailed(
                    $"inequivalent arg '{key}' for {what}: received {Describe(now)} but current is {Describe(was)}");
        }
    }

    private static string Text<T>(T value) => value is bool b ? (b ? "true" : "false") : value?.ToString() ?? "";

    private static string Describe(object? value) => value is null ? "none" : $"'{FieldTable.ToCanonicalJson(new Dictionary<string, object?> { ["v"] = value })[5..^1]}'";
}
