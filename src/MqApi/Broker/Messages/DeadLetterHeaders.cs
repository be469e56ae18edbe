namespace MqApi.Broker.Messages;

/// <summary>
/// RabbitMQ's dead-letter headers: <c>x-death</c>, a list of tables newest first, one per
/// (queue, reason) with a count; and <c>x-first-death-*</c> / <c>x-last-death-*</c>.
/// </summary>
public static class DeadLetterHeaders
{
    public const string Death = "x-death";

    public static IReadOnlyDictionary<string, object?> WithDeath(Message message, string queue, string reason, DateTimeOffset now)
    {
        var headers = new Dictionary<string, object?>(message.Properties.Headers ?? FieldTable.Empty, StringComparer.Ordinal);
        var deaths = Deaths(headers).ToList();
        var index = deaths.FindIndex(d => Is(d, "queue", queue) && Is(d, "reason", reason));
        long count = 1;
        if (index >= 0)
        {
            count = (FieldTable.TryGetInteger(deaths[index].GetValueOrDefault("count"), out var previous) ? previous : 0) + 1;
            deaths.RemoveAt(index);
        }
        var entry = new Dictionary<string, object?>(StringComparer.Ordinal)
        {
            ["count"] = count,
            ["reason"] = reason,
            ["queue"] = queue,
            ["time"] = now.ToUnixTimeSeconds(),
            ["exchange"] = message.Exchange,
            ["routing-keys"] = new List<object?> { message.RoutingKey },
        };
        if (message.Properties.Expiration is { } expiration) entry["original-expiration"] = expiration;
        deaths.Insert(0, entry);
        headers[Death] = deaths.Cast<object?>().ToList();
        if (!headers.ContainsKey("x-first-death-queue"))
        {
            headers["x-first-death-queue"] = queue;
            headers["x-first-death-reason"] = reason;
            headers["x-first-death-exchange"] = message.Exchange;
        }
        headers["x-last-death-queue"] = queue;
        headers["x-last-death-reason"] = reason;
        headers["x-last-death-exchange"] = message.Exchange;
        return headers;
    }

    /// <summary>
    /// A message that already died in this queue for this reason, with no rejection on its way, would
    /// cycle forever (e.g. two queues expiring into each other): RabbitMQ drops it, and so do we.
    /// </summary>
    public static bool IsCycle(IReadOnlyDictionary<string, object?>? headers, string queue, string reason)
    {
        if (headers is null || reason == "rejected") return false;
        var deaths = Deaths(headers).ToList();
        return deaths.Any(d => Is(d, "queue", queue) && Is(d, "reason", reason)) && !deaths.Any(d => Is(d, "reason", "rejected"));
    }

    private static IEnumerable<IReadOnlyDictionary<string, object?>> Deaths(IReadOnlyDictionary<string, object?> headers) =>
        headers.TryGetValue(Death, out var value) && value is IEnumerable<object?> list
            ? list.OfType<IReadOnlyDictionary<string, object?>>()
            : [];

    private static bool Is(IReadOnlyDictionary<string, object?> death, string key, string value) =>
        death.TryGetValue(key, out var actual) && actual is string text && text == value;
}
