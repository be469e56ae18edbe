using System.Net.Http.Headers;
using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using MqApi.Api;
using MqApi.Api.Json;

namespace MqApi.Security;

/// <summary>HTTP basic authentication against MqApi's users, as RabbitMQ's management API does it.</summary>
public sealed partial class BasicAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory loggerFactory, UrlEncoder encoder, CredentialCheck credentials, LoopbackUsers loopbackUsers, FailedLogins failedLogins)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, loggerFactory, encoder)
{
    public const string SchemeName = "Basic";
    private const string LockedOutKey = "mqapi:locked-out";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (Request.Headers.Authorization is not [{ } authorization]) return AuthenticateResult.NoResult();
        var remembered = ConnectionLogin.Find(Context) is { } login && login.IsFor(authorization) && credentials.IsCurrent(login.User)
            ? login
            : null;
        string name, password = "";
        if (remembered is not null)
        {
            name = remembered.User.Name;
        }
        else
        {
            if (!AuthenticationHeaderValue.TryParse(authorization, out var header) ||
                !SchemeName.Equals(header.Scheme, StringComparison.OrdinalIgnoreCase))
            {
                return AuthenticateResult.NoResult();
            }
            if (!TryDecode(header.Parameter, out name, out password))
            {
                return AuthenticateResult.Fail("malformed basic credentials");
            }
        }
        // A remembered login is refused while its address is locked out, as any other login is.
        var client = Context.Connection.RemoteIpAddress;
        if (failedLogins.IsLockedOut(client))
        {
            Context.Items[LockedOutKey] = true;
            LogLockedOut(Logger, name, client?.ToString() ?? "unknown");
            return AuthenticateResult.Fail("too many failed logins");
        }
        if (remembered is not null) return AuthenticateResult.Success(remembered.Ticket);

        if (await credentials.CheckAsync(name, password) is not { } user)
        {
            failedLogins.RecordFailure(client);
            LogLoginFailed(Logger, name, client?.ToString() ?? "unknown");
            return AuthenticateResult.Fail("login failed");
        }
        if (!loopbackUsers.MayConnectFrom(user.Name, client))
        {
            LogLoopbackOnly(Logger, name, client?.ToString() ?? "unknown");
            return AuthenticateResult.Fail("user may only connect from localhost");
        }
        var ticket = new AuthenticationTicket(UserPrincipal.Create(user, SchemeName), SchemeName);
        ConnectionLogin.Remember(Context, new ConnectionLogin(authorization, user, ticket));
        return AuthenticateResult.Success(ticket);
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        if (Context.Items.ContainsKey(LockedOutKey))
        {
            Response.StatusCode = StatusCodes.Status429TooManyRequests;
            Response.Headers.RetryAfter = "60";
            await Response.WriteAsJsonAsync(new ErrorResponse("too_many_requests", "too many failed logins from this address; try again in a minute"), Context.RequestServices.GetApiJsonOptions());
            return;
        }
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers.WWWAuthenticate = "Basic realm=\"MqApi Management\"";
        await Response.WriteAsJsonAsync(ErrorResponses.ForStatus(StatusCodes.Status401Unauthorized), Context.RequestServices.GetApiJsonOptions());
    }

    protected override async Task HandleForbiddenAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status403Forbidden;
        await Response.WriteAsJsonAsync(ErrorResponses.ForStatus(StatusCodes.Status403Forbidden), Context.RequestServices.GetApiJsonOptions());
    }

    private static bool TryDecode(string? parameter, out string name, out string password)
    {
        name = password = "";
        if (string.IsNullOrEmpty(parameter)) return false;
        string text;
        try
        {
            text = Encoding.UTF8.GetString(Convert.FromBase64String(parameter));
        }
        catch (FormatException)
        {
            return false;
        }
        var colon = text.IndexOf(':');
        if (colon < 0) return false;
        (name, password) = (text[..colon], text[(colon + 1)..]);
        return true;
    }

    [LoggerMessage(1, LogLevel.Warning, "Failed login for user {User} from {ClientAddress}", EventName = "LoginFailed")]
    private static partial void LogLoginFailed(ILogger logger, string user, string clientAddress);

    [LoggerMessage(3, LogLevel.Warning, "Refused login for user {User} from {ClientAddress} unchecked: too many failed logins", EventName = "LockedOut")]
    private static partial void LogLockedOut(ILogger logger, string user, string clientAddress);

    [LoggerMessage(2, LogLevel.Warning, "Refused user {User} from {ClientAddress}: it may connect from loopback only", EventName = "LoopbackOnly")]
    private static partial void LogLoopbackOnly(ILogger logger, string user, string clientAddress);
}
