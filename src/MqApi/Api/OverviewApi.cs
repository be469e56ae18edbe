using Microsoft.AspNetCore.Http.HttpResults;
using MqApi.Broker;

namespace MqApi.Api;

/// <summary>/api/overview and the health endpoints RabbitMQ tools read.</summary>
public static class OverviewApi
{
    public static void MapOverviewApi(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/api/overview", Overview).WithTags("Overview").WithSummary("Versions, exchange types and totals");
        routes.MapGet("/api/health/checks/alarms", Alarms).WithTags("Health").WithSummary("No resource alarm is in effect");
        routes.MapGet("/api/aliveness-test/{vhost}", Aliveness).WithTags("Health").WithSummary("Declares, publishes to and gets from a test queue in the vhost");
    }

    private static Ok<Dictionary<string, object>> Overview(HttpContext context, MessageBroker broker) =>
        TypedResults.Ok(OverviewSnapshot.Build(broker, context.Caller()));

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
