using System.Reflection;
using Microsoft.AspNetCore.Http.HttpResults;
using MqApi.Broker;
using MqApi.Broker.Exchanges;

namespace MqApi.Api;

/// <summary>/api/overview and the health endpoints RabbitMQ tools read.</summary>
public static class OverviewApi
{
    /// <summary>The RabbitMQ version whose management API MqApi follows.</summary>
    public const string RabbitMqVersion = "3.13.7";

    private static readonly string ProductVersion =
        typeof(OverviewApi).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "1.0.0";

    public static void MapOverviewApi(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/api/overview", Overview).WithTags("Overview").WithSummary("Versions, exchange types and totals");
        routes.MapGet("/api/health/checks/alarms", Alarms).WithTags("Health").WithSummary("No resource alarm is in effect");
        routes.MapGet("/api/aliveness-test/{vhost}", Aliveness).WithTags("Health").WithSummary("Declares, publishes to and gets from a test queue in the vhost");
    }

    private static Ok<Dictionary<string, object>> Overview(HttpContext context, MessageBroker broker) =>
        TypedResults.Ok(Snapshot(broker, context.Caller()));

    /// <summary>The body of <c>GET /api/overview</c> as <paramref name="caller"/> sees it (the hub pushes the same object).</summary>
    public static Dictionary<string, object> Snapshot(MessageBroker broker, Caller caller)
    {
        var queues = broker.VisibleVhosts(caller).SelectMany(v => v.Queues).ToList();
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
                ["exchanges"] = broker.VisibleVhosts(caller).Sum(v => v.Exchanges.Count),
                ["queues"] = queues.Count,
            },
            ["queue_totals"] = new Dictionary<string, int>
            {
                ["messages"] = counters.Sum(c => c.Messages),
                ["messages_ready"] = counters.Sum(c => c.MessagesReady),
                ["messages_unacknowledged"] = counters.Sum(c => c.MessagesUnacknowledged),
            },
            ["message_stats"] = new Dictionary<string, object>(),
            ["listeners"] = Array.Empty<object>(),
            ["contexts"] = Array.Empty<object>(),
        };
    }

    private static Ok<Dictionary<string, string>> Alarms() => TypedResults.Ok(new Dictionary<string, string> { ["status"] = "ok" });

    private static async Task<Ok<Dictionary<string, string>>> Aliveness(HttpContext context, MessageBroker broker)
    {
        var vhost = PathNames.Get(context, "vhost");
        // The caller's own permissions apply: the check must not reach a vhost the caller cannot.
        var caller = context.Caller();
        const string queue = "aliveness-test";
        await broker.DeclareQueueAsync(caller, vhost, queue, new Broker.Queues.QueueSettings(false, false, false, Broker.Messages.FieldTable.Empty));
        await broker.PublishAsync(caller, vhost, "", queue, Broker.Messages.MessageProperties.Empty, "test_message"u8.ToArray());
        await broker.GetAsync(caller, vhost, queue, 1, GetSettlement.Ack);
        return TypedResults.Ok(new Dictionary<string, string> { ["status"] = "ok" });
    }
}
