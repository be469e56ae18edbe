using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using MqApi.Api.Contracts;
using MqApi.Broker;
using MqApi.Broker.Messages;
using MqApi.Broker.Queues;

namespace MqApi.Api;

/// <summary>/api/queues: declare, list, delete, purge and get, as RabbitMQ's management API.</summary>
public static class QueuesApi
{
    public static RouteGroupBuilder MapQueuesApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/queues").WithTags("Queues");
        group.MapGet("/", ListAll).WithSummary("All queues in every vhost");
        group.MapGet("/{vhost}", ListInVhost).WithSummary("The queues of one vhost");
        group.MapGet("/{vhost}/{name}", GetOne).WithSummary("One queue with its live counters");
        group.MapPut("/{vhost}/{name}", Declare).WithSummary("Declare a queue (201 created, 204 when an equal one exists, 400 when it differs)");
        group.MapDelete("/{vhost}/{name}", Delete).WithSummary("Delete a queue (?if-empty=true, ?if-unused=true)");
        group.MapGet("/{vhost}/{name}/bindings", Bindings).WithSummary("The bindings that lead to a queue, the default exchange's included");
        group.MapDelete("/{vhost}/{name}/contents", Purge).WithSummary("Purge: drop the queue's ready messages");
        group.MapPost("/{vhost}/{name}/get", Get)
            .WithSummary("Get messages (basic.get) and settle them by ackmode; ackmode 'lease' holds each under a lease (lease_ms, optional long poll wait_ms) until /ack or /nack");
        group.MapPost("/{vhost}/{name}/ack", Ack).WithSummary("Ack leased messages by delivery tag; 400 names tags that were unknown or expired (the rest are settled)");
        group.MapPost("/{vhost}/{name}/nack", Nack).WithSummary("Nack leased messages by delivery tag: requeue (default) or dead-letter/drop");
        return group;
    }

    private static Ok<QueueResponse[]> ListAll(HttpContext context, MessageBroker broker) =>
        TypedResults.Ok(broker.VisibleVhosts(context.Caller()).SelectMany(v => v.Queues).Select(ApiMapping.ToResponse).ToArray());

    private static Ok<QueueResponse[]> ListInVhost(HttpContext context, MessageBroker broker) =>
        TypedResults.Ok(broker.VisibleVhost(context.Caller(), PathNames.Get(context, "vhost")).Queues.Select(ApiMapping.ToResponse).ToArray());

    private static Ok<QueueResponse> GetOne(HttpContext context, MessageBroker broker)
    {
        var (vhost, name) = Names(context);
        return TypedResults.Ok(ApiMapping.ToResponse(broker.VisibleVhost(context.Caller(), vhost).GetQueue(name)));
    }

    private static async Task<Results<Created, NoContent>> Declare(HttpContext context, DeclareQueueRequest? request, MessageBroker broker)
    {
        var (vhost, name) = Names(context);
        request ??= new DeclareQueueRequest();
        var settings = new QueueSettings(request.Durable ?? false, request.Exclusive ?? false, request.AutoDelete ?? false, ApiMapping.ToTable(request.Arguments));
        var (_, created) = await broker.DeclareQueueAsync(context.Caller(), vhost, name, settings);
        return created ? TypedResults.Created() : TypedResults.NoContent();
    }

    private static async Task<NoContent> Delete(
        HttpContext context, MessageBroker broker,
        [FromQuery(Name = "if-empty")] bool? ifEmpty, [FromQuery(Name = "if-unused")] bool? ifUnused)
    {
        var (vhost, name) = Names(context);
        await broker.DeleteQueueAsync(context.Caller(), vhost, name, ifEmpty ?? false, ifUnused ?? false);
        return TypedResults.NoContent();
    }

    private static Ok<BindingResponse[]> Bindings(HttpContext context, MessageBroker broker)
    {
        var (vhostName, name) = Names(context);
        var vhost = broker.VisibleVhost(context.Caller(), vhostName);
        var queue = vhost.GetQueue(name);
        var bindings = vhost.Bindings.Where(b => b.Destination.IsQueue && b.Destination.Name == name).Select(b => ApiMapping.ToResponse(vhostName, b));
        return TypedResults.Ok(bindings.Prepend(ApiMapping.DefaultBinding(queue)).ToArray());
    }

    private static async Task<NoContent> Purge(HttpContext context, MessageBroker broker)
    {
        var (vhost, name) = Names(context);
        await broker.PurgeAsync(context.Caller(), vhost, name);
        return TypedResults.NoContent();
    }

    private static async Task<Ok<GetMessageResponse[]>> Get(HttpContext context, GetRequest? request, MessageBroker broker, CancellationToken cancellationToken)
    {
        var (vhost, name) = Names(context);
        request ??= new GetRequest();
        if (request.Truncate is < 0) throw BrokerException.BadArgument("truncate must be >= 0");
        if (request.Encoding is not (null or "auto" or "base64")) throw BrokerException.BadArgument($"encoding must be 'auto' or 'base64'; got '{request.Encoding}'");
        if (request.Ackmode == "lease")
        {
            if (request.LeaseMs is null) throw BrokerException.BadArgument("lease_ms is required with ackmode 'lease'");
            var leased = await broker.GetLeasedAsync(context.Caller(), vhost, name, request.Count ?? 1, request.LeaseMs.Value, request.WaitMs ?? 0, cancellationToken);
            return TypedResults.Ok(leased.Select(l => ToResponse(l.Result, request, l.DeliveryTag)).ToArray());
        }
        var settlement = request.Ackmode switch
        {
            "ack_requeue_true" or "reject_requeue_true" => GetSettlement.Requeue,
            "ack_requeue_false" => GetSettlement.Ack,
            "reject_requeue_false" => GetSettlement.Reject,
            null => throw BrokerException.BadArgument("ackmode is required: ack_requeue_true, reject_requeue_true, ack_requeue_false, reject_requeue_false or lease"),
            var other => throw BrokerException.BadArgument($"unknown ackmode '{other}'"),
        };
        var results = await broker.GetAsync(context.Caller(), vhost, name, request.Count ?? 1, settlement);
        return TypedResults.Ok(results.Select(result => ToResponse(result, request, null)).ToArray());
    }

    private static async Task<SizedJsonResult<SettleResponse>> Ack(HttpContext context, SettleRequest request, MessageBroker broker)
    {
        var (vhost, name) = Names(context);
        var tags = Tags(request);
        return Settled(tags, await broker.AckLeasesAsync(context.Caller(), vhost, name, tags));
    }

    private static async Task<SizedJsonResult<SettleResponse>> Nack(HttpContext context, SettleRequest request, MessageBroker broker)
    {
        var (vhost, name) = Names(context);
        var tags = Tags(request);
        return Settled(tags, await broker.NackLeasesAsync(context.Caller(), vhost, name, tags, request.Requeue ?? true));
    }

    private static List<long> Tags(SettleRequest request) =>
        request.DeliveryTags is { Count: > 0 } tags ? tags : throw BrokerException.BadArgument("delivery_tags must be a non-empty list");

    private static SizedJsonResult<SettleResponse> Settled(List<long> tags, IReadOnlyList<long> unknown)
    {
        if (unknown.Count > 0)
            throw BrokerException.BadArgument($"unknown or expired delivery tags: {string.Join(", ", unknown)} (the other {tags.Distinct().Count() - unknown.Count} were settled)");
        return new SizedJsonResult<SettleResponse>(new SettleResponse(tags.Distinct().Count()));
    }

    private static GetMessageResponse ToResponse(GetResult result, GetRequest request, long? deliveryTag)
    {
        var (payload, encoding) = Payloads.Encode(result.Message.Body, request.Encoding, request.Truncate);
        var properties = result.Message.Properties with
        {
            Headers = new Dictionary<string, object?>(result.Message.Properties.Headers ?? FieldTable.Empty) { ["x-delivery-count"] = (long)result.PreviousDeliveries },
        };
        return new GetMessageResponse(
            result.Message.Body.Length, result.Redelivered, result.Message.Exchange, result.Message.RoutingKey,
            result.MessageCount, ApiMapping.ToJson(properties), payload, encoding, deliveryTag);
    }

    private static (string Vhost, string Name) Names(HttpContext context) =>
        (PathNames.Get(context, "vhost"), PathNames.Get(context, "name"));
}
