using Microsoft.AspNetCore.Http.HttpResults;
using MqApi.Api.Contracts;
using MqApi.Broker;
using MqApi.Broker.Messages;
using MqApi.Security;

namespace MqApi.Api;

/// <summary>/api/vhosts, as RabbitMQ's management API.</summary>
public static class VhostsApi
{
    public static RouteGroupBuilder MapVhostsApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/vhosts").WithTags("Virtual hosts");
        group.MapGet("/", List).WithSummary("All virtual hosts");
        group.MapGet("/{vhost}", GetOne).WithSummary("One virtual host");
        group.MapPut("/{vhost}", Declare).RequireAuthorization(SecurityExtensions.AdministratorPolicy)
            .WithSummary("Create a virtual host (its creator gets full permissions on it) or update its description");
        group.MapDelete("/{vhost}", Delete).RequireAuthorization(SecurityExtensions.AdministratorPolicy)
            .WithSummary("Delete a virtual host and everything in it");
        return group;
    }

    private static Ok<VhostResponse[]> List(HttpContext context, MessageBroker broker) => TypedResults.Ok(broker.VisibleVhosts(context.Caller()).Select(ToResponse).ToArray());

    private static Ok<VhostResponse> GetOne(HttpContext context, MessageBroker broker) =>
        TypedResults.Ok(ToResponse(broker.VisibleVhost(context.Caller(), PathNames.Get(context, "vhost"))));

    private static async Task<Results<Created, NoContent>> Declare(HttpContext context, DeclareVhostRequest? request, MessageBroker broker)
    {
        var name = PathNames.Get(context, "vhost");
        var existing = broker.FindVhost(name)?.Record;
        var created = await broker.DeclareVhostAsync(
            name,
            request?.Description ?? existing?.Description ?? "",
            request?.Tags is null ? existing?.Tags ?? [] : ApiMapping.ToTags(request.Tags),
            request?.DefaultQueueType ?? existing?.DefaultQueueType ?? "classic");
        if (created && context.User.Identity?.Name is { } user && broker.Users.FindUser(user) is not null)
        {
            // As RabbitMQ: whoever creates a vhost may use it fully.
            await broker.Users.SavePermissionAsync(new(user, name, ".*", ".*", ".*"));
        }
        return created ? TypedResults.Created() : TypedResults.NoContent();
    }

    private static async Task<NoContent> Delete(HttpContext context, MessageBroker broker)
    {
        await broker.DeleteVhostAsync(PathNames.Get(context, "vhost"));
        return TypedResults.NoContent();
    }

    private static VhostResponse ToResponse(VirtualHost vhost)
    {
        var counters = vhost.Queues.Select(q => q.Counters).ToList();
        return new VhostResponse(
            vhost.Name, vhost.Record.Description, vhost.Record.Tags, vhost.Record.DefaultQueueType, FieldTable.Empty, false,
            counters.Sum(c => c.Messages), counters.Sum(c => c.MessagesReady), counters.Sum(c => c.MessagesUnacknowledged));
    }
}
