using Microsoft.AspNetCore.Http.HttpResults;
using MqApi.Broker;
using MqApi.Security;

namespace MqApi.Api;

/// <summary>POST /api/tokens: trade basic credentials for a bearer token (for browsers and the hub).</summary>
public static class TokensApi
{
    public static void MapTokensApi(this IEndpointRouteBuilder routes)
    {
        routes.MapPost("/api/tokens", Issue)
            .RequireAuthorization(SecurityExtensions.BasicCredentialsPolicy)
            .WithTags("Tokens")
            .WithSummary("Issue a bearer token for the basic-authenticated user; it ends on expiry, user deletion or password change");
    }

    private static Ok<TokenResponse> Issue(HttpContext context, MessageBroker broker, AccessTokens tokens)
    {
        var user = broker.Users.FindUser(context.User.Identity?.Name ?? "") ?? throw BrokerException.NotFound("the signed-in user no longer exists");
        var token = tokens.Issue(user);
        return TypedResults.Ok(new TokenResponse(token, "Bearer", (int)tokens.Lifetime.TotalSeconds));
    }
}

public sealed record TokenResponse(string AccessToken, string TokenType, int ExpiresIn);
