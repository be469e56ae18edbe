using System.Net.Http.Headers;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace MqApi.Security;

/// <summary>
/// Bearer tokens from <see cref="AccessTokens"/>, sent as SignalR's accessTokenFactory sends them:
/// an Authorization header, or (WebSockets and server-sent events from a browser) the
/// <c>access_token</c> query parameter on hub paths only.
/// </summary>
public sealed class BearerAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory loggerFactory, UrlEncoder encoder, AccessTokens tokens)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, loggerFactory, encoder)
{
    public const string SchemeName = "Bearer";

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (FindToken(Request) is not { } token) return Task.FromResult(AuthenticateResult.NoResult());
        if (tokens.Validate(token) is not { } user) return Task.FromResult(AuthenticateResult.Fail("invalid or expired token"));
        var principal = UserPrincipal.Create(user, SchemeName);
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(principal, SchemeName)));
    }

    public static string? FindToken(HttpRequest request)
    {
        // Asked on every request to pick the scheme: a header of another scheme is told apart without parsing it.
        if (request.Headers.Authorization is [{ } authorization] && NamesBearer(authorization) &&
            AuthenticationHeaderValue.TryParse(authorization, out var header) &&
            SchemeName.Equals(header.Scheme, StringComparison.OrdinalIgnoreCase))
        {
            return header.Parameter;
        }
        return request.Path.StartsWithSegments("/hubs") && request.Query["access_token"] is [{ Length: > 0 } queryToken] ? queryToken : null;
    }

    private static bool NamesBearer(string authorization)
    {
        var value = authorization.AsSpan().TrimStart();
        return value.StartsWith(SchemeName, StringComparison.OrdinalIgnoreCase) &&
            (value.Length == SchemeName.Length || char.IsWhiteSpace(value[SchemeName.Length]));
    }
}
