using Microsoft.AspNetCore.Http.HttpResults;
using MqApi.Api.Contracts;
using MqApi.Broker;
using MqApi.Broker.Routing;

namespace MqApi.Api;

/// <summary>/api/bindings and an exchange's bindings lists, as RabbitMQ's management API.</summary>
public static class BindingsApi
{
    public static RouteGroupBuilder MapBindingsApi(this IEndpointRouteBuilder routes)
    {
        var exchanges = routes.MapGroup("/api/exchanges").WithTags("Bindings");
        exchanges.MapGet("/{vhost}/{name}/bindings/source", BySource).WithSummary("Bindings in which the exchange is the source");
        exchanges.MapGet("/{vhost}/{name}/bindings/destination", ByDestination).WithSummary("Bindings in which the exchange is the destination");

        var group = routes.MapGroup("/api/bindings").WithTags("Bindings");
        group.MapGet("/", ListAll).WithSummary("All bindings in every vhost");
        group.MapGet("/{vhost}", ListInVhost).WithSummary("The bindings of one vhost");
        foreach (var (segment, isQueue) in new[] { ("q", true), ("e", false) })
        {
            var kind = isQueue ? "queue" : "exchange";
            group.MapGet($"/{{vhost}}/e/{{source}}/{segment}/{{destination}}", (HttpContext c, MessageBroker b) => Between(c, b, isQueue))
                .WithSummary($"Bindings from an exchange to a {kind}");
            group.MapPost($"/{{vhost}}/e/{{source}}/{segment}/{{destination}}", (HttpContext c, CreateBindingRequest? r, MessageBroker b) => Create(c, r, b, isQueue))
                .WithSummary($"Bind an exchange to a {kind}; Location names the new binding's properties_key");
            group.MapGet($"/{{vhost}}/e/{{source}}/{segment}/{{destination}}/{{props}}", (HttpContext c, MessageBroker b) => GetOne(c, b, isQueue))
                .WithSummary($"One binding from an exchange to a {kind}, by properties_key");
            group.MapDelete($"/{{vhost}}/e/{{source}}/{segment}/{{destination}}/{{props}}", (HttpContext c, MessageBroker b) => Delete(c, b, isQueue))
                .WithSummary($"Unbind an exchange from a {kind}, by properties_key");
        }
        return group;
    }

    private static Ok<BindingResponse[]> ListAll(HttpContext context, MessageBroker broker) =>
        TypedResults.Ok(broker.VisibleVhosts(context.Caller()).SelectMany(AllOf).ToArray());

    private static Ok<BindingResponse[]> ListInVhost(HttpContext context, MessageBroker broker) =>
        TypedResults.Ok(AllOf(broker.VisibleVhost(context.Caller(), PathNames.Get(context, "vhost"))).ToArray());

    private static Ok<BindingResponse[]> BySource(HttpContext context, MessageBroker broker)
    {
        var (vhost, exchange) = VhostAndExchange(context, broker, "name");
        return TypedResults.Ok(vhost.Bindings.Where(b => b.Source == exchange).Select(b => ApiMapping.ToResponse(vhost.Name, b)).ToArray());
    }

    private static Ok<BindingResponse[]> ByDestination(HttpContext context, MessageBroker broker)
    {
        var (vhost, exchange) = VhostAndExchange(context, broker, "name");
        var destination = BindingDestination.Exchange(exchange);
        return TypedResults.Ok(vhost.Bindings.Where(b => b.Destination == destination).Select(b => ApiMapping.ToResponse(vhost.Name, b)).ToArray());
    }

    private static Ok<BindingResponse[]> Between(HttpContext context, MessageBroker broker, bool isQueue)
    {
        var (vhost, source, destination) = Endpoints(context, broker, isQueue);
        return TypedResults.Ok(Matching(vhost, source, destination).Select(b => ApiMapping.ToResponse(vhost.Name, b)).ToArray());
    }

    private static async Task<Created> Create(HttpContext context, CreateBindingRequest? request, MessageBroker broker, bool isQueue)
    {
        var vhost = broker.VisibleVhost(context.Caller(), PathNames.Get(context, "vhost"));
        var source = DefaultExchangeSegment.ToExchangeName(PathNames.Get(context, "source"));
        var destination = new BindingDestination(DestinationName(context, isQueue), isQueue);
        var binding = new Binding(source, destination, request?.RoutingKey ?? "", ApiMapping.ToTable(request?.Arguments));
        await broker.CreateBindingAsync(context.Caller(), vhost.Name, binding);
        var key = ApiMapping.PropertiesKey(binding.RoutingKey, binding.ArgumentsKey);
        // Relative to the request path (…/q/{destination}), as RabbitMQ's: it resolves to the new binding.
        return TypedResults.Created($"{Uri.EscapeDataString(destination.Name)}/{Uri.EscapeDataString(key)}");
    }

    private static Ok<BindingResponse> GetOne(HttpContext context, MessageBroker broker, bool isQueue)
    {
        var (vhost, binding) = FindByKey(context, broker, isQueue);
        return TypedResults.Ok(ApiMapping.ToResponse(vhost.Name, binding));
    }

    private static async Task<NoContent> Delete(HttpContext context, MessageBroker broker, bool isQueue)
    {
        var (vhost, binding) = FindByKey(context, broker, isQueue);
        await broker.DeleteBindingAsync(context.Caller(), vhost.Name, binding);
        return TypedResults.NoContent();
    }

    private static (VirtualHost Vhost, Binding Binding) FindByKey(HttpContext context, MessageBroker broker, bool isQueue)
    {
        var (vhost, source, destination) = Endpoints(context, broker, isQueue);
        // Clients send the properties_key either percent-encoded once more (as RabbitMQ's own tools do)
        // or as it is; accept both, the encoded reading first. The server has already decoded the route
        // value, so the as-is reading must come from the raw path.
        var raw = PathNames.GetRaw(context, "props");
        var decoded = PathNames.Get(context, "props");
        var candidates = Matching(vhost, source, destination).ToList();
        var binding = candidates.FirstOrDefault(b => ApiMapping.PropertiesKey(b.RoutingKey, b.ArgumentsKey) == decoded)
            ?? candidates.FirstOrDefault(b => ApiMapping.PropertiesKey(b.RoutingKey, b.ArgumentsKey) == raw);
        return (vhost, binding ?? throw BrokerException.NotFound($"no binding '{decoded}' from exchange '{source}' to {destination.Kind} '{destination.Name}' in vhost '{vhost.Name}'"));
    }

    private static IEnumerable<Binding> Matching(VirtualHost vhost, string source, BindingDestination destination)
    {
        if (source.Length == 0 && destination.IsQueue)
        {
            // The default exchange's implicit binding is listed but cannot be changed.
            return [];
        }
        return vhost.Bindings.Where(b => b.Source == source && b.Destination == destination);
    }

    private static (VirtualHost Vhost, string Source, BindingDestination Destination) Endpoints(HttpContext context, MessageBroker broker, bool isQueue)
    {
        var (vhost, source) = VhostAndExchange(context, broker, "source");
        var name = DestinationName(context, isQueue);
        var destination = new BindingDestination(name, isQueue);
        if (isQueue) vhost.GetQueue(name);
        else vhost.GetExchange(name);
        return (vhost, source, destination);
    }

    private static (VirtualHost Vhost, string Exchange) VhostAndExchange(HttpContext context, MessageBroker broker, string parameter)
    {
        var vhost = broker.VisibleVhost(context.Caller(), PathNames.Get(context, "vhost"));
        var exchange = DefaultExchangeSegment.ToExchangeName(PathNames.Get(context, parameter));
        vhost.GetExchange(exchange);
        return (vhost, exchange);
    }

    private static string DestinationName(HttpContext context, bool isQueue)
    {
        var name = PathNames.Get(context, "destination");
        return isQueue ? name : DefaultExchangeSegment.ToExchangeName(name);
    }

    private static IEnumerable<BindingResponse> AllOf(VirtualHost vhost) =>
        vhost.Queues.Select(ApiMapping.DefaultBinding).Concat(vhost.Bindings.Select(b => ApiMapping.ToResponse(vhost.Name, b)));
}
