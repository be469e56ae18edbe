using Microsoft.AspNetCore.Http.HttpResults;
using MqApi.Api.Contracts;
using MqApi.Broker;
using MqApi.Broker.Exchanges;

namespace MqApi.Api;

/// <summary>/api/exchanges: declare, list, delete and publish, as RabbitMQ's management API.</summary>
public static class ExchangesApi
{
    public static RouteGroupBuilder MapExchangesApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/exchanges").WithTags("Exchanges");
        group.MapGet("/", ListAll).WithSummary("All exchanges in every vhost");
        group.MapGet("/{vhost}", ListInVhost).WithSummary("The exchanges of one vhost");
        group.MapGet("/{vhost}/{name}", GetOne).WithSummary("One exchange (amq.default names the default exchange)");
        group.MapPut("/{vhost}/{name}", Declare).WithSummary("Declare an exchange (201 created, 204 when an equal one exists, 400 when it differs)");
        group.MapDelete("/{vhost}/{name}", Delete).WithSummary("Delete an exchange (?if-unused=true refuses while it has bindings)");
        group.MapPost("/{vhost}/{name}/publish", Publish).WithSummary("Publish a message; answers after it is routed and, if persistent, stored");
        group.MapPost("/{vhost}/{name}/publish-batch", PublishBatch)
            .WithSummary("Publish several messages in order; answers once all are stored, with each one's result. A malformed batch is refused whole.");
        return group;
    }

    private static Ok<ExchangeResponse[]> ListAll(HttpContext context, MessageBroker broker) =>
        TypedResults.Ok(broker.VisibleVhosts(context.Caller()).SelectMany(v => v.Exchanges).Select(ApiMapping.ToResponse).ToArray());

    private static Ok<ExchangeResponse[]> ListInVhost(HttpContext context, MessageBroker broker) =>
        TypedResults.Ok(broker.VisibleVhost(context.Caller(), PathNames.Get(context, "vhost")).Exchanges.Select(ApiMapping.ToResponse).ToArray());

    private static Ok<ExchangeResponse> GetOne(HttpContext context, MessageBroker broker)
    {
        var (vhost, name) = Names(context);
        return TypedResults.Ok(ApiMapping.ToResponse(broker.VisibleVhost(context.Caller(), vhost).GetExchange(name)));
    }

    private static async Task<Results<Created, NoContent>> Declare(HttpContext context, DeclareExchangeRequest? request, MessageBroker broker)
    {
        var (vhost, name) = Names(context);
        request ??= new DeclareExchangeRequest();
        if (string.IsNullOrEmpty(request.Type)) throw BrokerException.BadArgument("type is required (direct, fanout, topic or headers)");
        var settings = new ExchangeSettings(request.Durable ?? false, request.AutoDelete ?? false, request.Internal ?? false, ApiMapping.ToTable(request.Arguments));
        var created = await broker.DeclareExchangeAsync(context.Caller(), vhost, name, request.Type, settings);
        return created ? TypedResults.Created() : TypedResults.NoContent();
    }

    private static async Task<NoContent> Delete(HttpContext context, MessageBroker broker, [Microsoft.AspNetCore.Mvc.FromQuery(Name = "if-unused")] bool? ifUnused)
    {
        var (vhost, name) = Names(context);
        await broker.DeleteExchangeAsync(context.Caller(), vhost, name, ifUnused ?? false);
        return TypedResults.NoContent();
    }

    private static async Task<SizedJsonResult<PublishResponse>> Publish(HttpContext context, PublishRequest? request, MessageBroker broker)
    {
        var (vhost, name) = Names(context);
        if (request is null) throw BrokerException.BadArgument("a JSON body is required: {\"routing_key\",\"payload\",\"payload_encoding\",\"properties\"}");
        var body = Payloads.Decode(request.Payload, request.PayloadEncoding);
        var result = await broker.PublishAsync(context.Caller(), vhost, name, request.RoutingKey ?? "", ApiMapping.ToProperties(request.Properties), body);
        if (result.Rejected) throw new BrokerException(BrokerErrorKind.Rejected, "a queue's length limit (x-overflow reject-publish) refused the message");
        return new SizedJsonResult<PublishResponse>(new PublishResponse(result.Routed, result.Duplicate ? true : null));
    }

    private static async Task<SizedJsonResult<PublishBatchResponse>> PublishBatch(HttpContext context, PublishBatchRequest request, MessageBroker broker)
    {
        var (vhost, name) = Names(context);
        if (request.Messages is not { Count: > 0 } messages) throw BrokerException.BadArgument("messages must be a non-empty list");
        var outgoing = messages.Select((m, index) => m is null
            ? throw BrokerException.BadArgument($"messages[{index}] is null")
            : new OutgoingMessage(m.RoutingKey ?? "", ApiMapping.ToProperties(m.Properties), Payloads.Decode(m.Payload, m.PayloadEncoding))).ToList();
        var results = await broker.PublishBatchAsync(context.Caller(), vhost, name, outgoing);
        return new SizedJsonResult<PublishBatchResponse>(new PublishBatchResponse([.. results.Select(r => new BatchPublishResult(r.Routed, r.Duplicate ? true : null, r.Rejected ? true : null))]));
    }

    private static (string Vhost, string Name) Names(HttpContext context) =>
        (PathNames.Get(context, "vhost"), DefaultExchangeSegment.ToExchangeName(PathNames.Get(context, "name")));
}
