using Microsoft.AspNetCore.Http.HttpResults;
using MqApi.Api.Contracts;
using MqApi.Broker;
using MqApi.Broker.Access;
using MqApi.Broker.Messages;
using MqApi.Broker.Persistence;
using MqApi.Security;

namespace MqApi.Api;

/// <summary>/api/users, /api/permissions and /api/whoami. No answer ever carries a password or hash.</summary>
public static class UsersApi
{
    /// <summary>Any signed-in user may ask who it is (management tag or not): it is how a client checks its credentials.</summary>
    public static void MapWhoAmIApi(this IEndpointRouteBuilder routes) =>
        routes.MapGet("/api/whoami", WhoAmI).WithTags("Users").WithSummary("The signed-in user and its tags");

    public static RouteGroupBuilder MapUsersApi(this IEndpointRouteBuilder routes)
    {

        var users = routes.MapGroup("/api/users").WithTags("Users").RequireAuthorization(SecurityExtensions.AdministratorPolicy);
        users.MapGet("/", List).WithSummary("All users");
        users.MapGet("/{user}", GetOne).WithSummary("One user");
        users.MapPut("/{user}", Put).WithSummary("Create or update a user from a password, or from a RabbitMQ password_hash");
        users.MapDelete("/{user}", Delete).WithSummary("Delete a user and its permissions");

        var permissions = routes.MapGroup("/api/permissions").WithTags("Users").RequireAuthorization(SecurityExtensions.AdministratorPolicy);
        permissions.MapGet("/", ListPermissions).WithSummary("All permissions");
        permissions.MapGet("/{vhost}/{user}", GetPermission).WithSummary("A user's permissions on a vhost");
        permissions.MapPut("/{vhost}/{user}", PutPermission).WithSummary("Set a user's configure, write and read patterns on a vhost");
        permissions.MapDelete("/{vhost}/{user}", DeletePermission).WithSummary("Remove a user's permissions on a vhost");
        return users;
    }

    private static Ok<WhoAmIResponse> WhoAmI(HttpContext context, MessageBroker broker)
    {
        var name = context.User.Identity?.Name ?? "";
        return TypedResults.Ok(new WhoAmIResponse(name, broker.Users.FindUser(name)?.Tags ?? []));
    }

    private static Ok<UserResponse[]> List(MessageBroker broker) => TypedResults.Ok(broker.Users.Users.Select(ToResponse).ToArray());

    private static Ok<UserResponse> GetOne(HttpContext context, MessageBroker broker)
    {
        var name = PathNames.Get(context, "user");
        return TypedResults.Ok(ToResponse(broker.Users.FindUser(name) ?? throw BrokerException.NotFound($"no user '{name}'")));
    }

    private static async Task<Results<Created, NoContent>> Put(HttpContext context, PutUserRequest? request, MessageBroker broker, PasswordHashing hashing)
    {
        var name = PathNames.Get(context, "user");
        request ??= new PutUserRequest();
        if (name.Length == 0) throw BrokerException.BadArgument("user name must not be empty");
        var existing = broker.Users.FindUser(name);
        var (hash, algorithm) = (request.Password, request.PasswordHash) switch
        {
            ({ } password, null) => await hashing.HashAsync(password),
            (null, { } given) => (given, CheckAlgorithm(request.HashingAlgorithm ?? PasswordHashing.RabbitSha256)),
            (null, null) when existing is not null => (existing.PasswordHash, existing.HashingAlgorithm),
            (null, null) => throw BrokerException.BadArgument("password or password_hash is required for a new user"),
            _ => throw BrokerException.BadArgument("give either password or password_hash, not both"),
        };
        var tags = request.Tags is null ? existing?.Tags ?? [] : ApiMapping.ToTags(request.Tags);
        var created = await broker.Users.SaveUserAsync(new UserRecord(name, hash, algorithm, tags));
        return created ? TypedResults.Created() : TypedResults.NoContent();
    }

    private static async Task<NoContent> Delete(HttpContext context, MessageBroker broker)
    {
        await broker.Users.DeleteUserAsync(PathNames.Get(context, "user"));
        return TypedResults.NoContent();
    }

    private static Ok<PermissionResponse[]> ListPermissions(MessageBroker broker) =>
        TypedResults.Ok(broker.Users.Permissions.Select(ToResponse).ToArray());

    private static Ok<PermissionResponse> GetPermission(HttpContext context, MessageBroker broker)
    {
        var (vhost, user) = (PathNames.Get(context, "vhost"), PathNames.Get(context, "user"));
        var permission = broker.Users.FindPermission(user, vhost) ?? throw BrokerException.NotFound($"no permissions for user '{user}' in vhost '{vhost}'");
        return TypedResults.Ok(ToResponse(permission));
    }

    private static async Task<Results<Created, NoContent>> PutPermission(HttpContext context, PutPermissionRequest? request, MessageBroker broker)
    {
        var (vhost, user) = (PathNames.Get(context, "vhost"), PathNames.Get(context, "user"));
        request ??= new PutPermissionRequest();
        broker.GetVhost(vhost);
        var permission = new PermissionRecord(user, vhost, Pattern(request.Configure, "configure"), Pattern(request.Write, "write"), Pattern(request.Read, "read"));
        var created = await broker.Users.SavePermissionAsync(permission);
        return created ? TypedResults.Created() : TypedResults.NoContent();
    }

    private static async Task<NoContent> DeletePermission(HttpContext context, MessageBroker broker)
    {
        await broker.Users.DeletePermissionAsync(PathNames.Get(context, "user"), PathNames.Get(context, "vhost"));
        return TypedResults.NoContent();
    }

    private static string CheckAlgorithm(string algorithm) => PasswordHashing.IsKnownRabbitAlgorithm(algorithm)
        ? algorithm
        : throw BrokerException.BadArgument($"unknown hashing_algorithm '{algorithm}'");

    private static string Pattern(string? pattern, string field)
    {
        if (pattern is null) throw BrokerException.BadArgument($"{field} is required (a regular expression; \"\" allows nothing, \".*\" everything)");
        return PermissionPatterns.Validate(pattern) is { } problem
            ? throw BrokerException.BadArgument($"{field} is not a valid regular expression: {problem}")
            : pattern;
    }

    private static UserResponse ToResponse(UserRecord user) => new(user.Name, user.Tags, FieldTable.Empty);

    private static PermissionResponse ToResponse(PermissionRecord permission) =>
        new(permission.User, permission.Vhost, permission.Configure, permission.Write, permission.Read);
}
