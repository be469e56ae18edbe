using System.Reflection;
using MqApi.Broker;
using MqApi.Broker.Exchanges;

namespace MqApi.Api;

/// <summary>
/// The body of /api/overview for one caller: versions, exchange types, object and queue totals over
/// the vhosts the caller may see, and the broker's message_stats. Any front end that shows the
/// overview (REST, a push to the console) builds it here, so they always agree.
/// </summary>
public static class OverviewSnapshot
{
    /// <summary>The RabbitMQ version whose management API MqApi follows.</summary>
    public const string RabbitMqVersion = "3.13.7";

    private static readonly string ProductVersion =
        typeof(OverviewSnapshot).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "1.0.0";

    public static Dictionary<string, object> Build(MessageBroker broker, Caller caller)
    {
        var vhosts = broker.VisibleVhosts(caller);
        var queues = vhosts.SelectMany(v => v.Queues).ToList();
        var counters = queues.Select(q => q.Counters).ToList();
        var sessions = broker.Sessions;
        return new Dictionary<string, object>
        {
            ["management_version"] = RabbitMqVersion,
            ["rabbitmq_version"] = RabbitMqVersion,
            ["product_name"] = "MqApi",
            ["product_version"] = ProductVersion,
            ["cluster_name"] = ApiMapping.NodeName,
            ["node"] = ApiMapping.NodeName,
            ["exchange_types"] = ExchangeTypes.All.Select(t => new Dictionary<string, object> { ["name"] = t, ["description"] = $"AMQP {t} exchange", ["enabled"] = true }).ToArray(),
            ["object_totals"] = new Dictionary<string, int>
            {
                ["connections"] = sessions.Count,
                ["channels"] = sessions.Count,
                ["consumers"] = counters.Sum(c => c.Consumers),
                ["exchanges"] = vhosts.Sum(v => v.Exchanges.Count),
                ["queues"] = queues.Count,
            },
            ["queue_totals"] = new Dictionary<string, int>
            {
                ["messages"] = counters.Sum(c => c.Messages),
                ["messages_ready"] = counters.Sum(c => c.MessagesReady),
                ["messages_unacknowledged"] = counters.Sum(c => c.MessagesUnacknowledged),
            },
            // Broker-wide, as RabbitMQ's: every vhost's traffic, whoever asks.
            ["message_stats"] = MessageStatsMapping.ToOverview(broker.Totals),
            ["listeners"] = Array.Empty<object>(),
            ["contexts"] = Array.Empty<object>(),
        };
    }
}
