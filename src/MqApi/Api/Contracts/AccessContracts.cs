using System.Text.Json;

namespace MqApi.Api.Contracts;

/// <summary>PUT /api/vhosts/{name}.</summary>
public sealed record DeclareVhostRequest
{
    public string? Description { get; init; }
    /// <summary>A list, or a comma-separated string as older tools send.</summary>
    public JsonElement? Tags { get; init; }
    public string? DefaultQueueType { get; init; }
}

public sealed record VhostResponse(
    string Name, string Description, IReadOnlyList<string> Tags, string DefaultQueueType,
    IReadOnlyDictionary<string, object?> Metadata, bool Tracing, int Messages, int MessagesReady, int MessagesUnacknowledged);

/// <summary>PUT /api/users/{name}: a password, or a <c>password_hash</c> with its <c>hashing_algorithm</c>.</summary>
public sealed record PutUserRequest
{
    public string? Password { get; init; }
    public string? PasswordHash { get; init; }
    public string? HashingAlgorithm { get; init; }
    /// <summary>A list, or a comma-separated string as older tools send.</summary>
    public JsonElement? Tags { get; init; }
}

/// <summary>A user as the API shows it: never its password or hash.</summary>
public sealed record UserResponse(string Name, IReadOnlyList<string> Tags, IReadOnlyDictionary<string, object?> Limits);

public sealed record WhoAmIResponse(string Name, IReadOnlyList<string> Tags);

/// <summary>PUT /api/permissions/{vhost}/{user}: regular expressions over resource names.</summary>
public sealed record PutPermissionRequest
{
    public string? Configure { get; init; }
    public string? Write { get; init; }
    public string? Read { get; init; }
}

public sealed record PermissionResponse(string User, string Vhost, string Configure, string Write, string Read);
