using Microsoft.AspNetCore.SignalR;
using MqApi.Broker;

namespace MqApi.Hubs;

/// <summary>
/// The one place broker errors become hub errors: the caller gets a <see cref="HubException"/> with the
/// broker's message (which names the argument or object at fault) and the connection stays open.
/// Other exceptions are bugs: they pass through, so the client is told no details.
/// </summary>
/// <remarks>
/// SignalR logs every failed invocation as an error with its stack trace, a client's unknown delivery
/// tag included. appsettings.json therefore quiets SignalR's dispatcher, and this filter does its
/// logging instead: refusals at Debug, bugs at Error.
/// </remarks>
public sealed partial class BrokerExceptionHubFilter(ILogger<BrokerExceptionHubFilter> logger) : IHubFilter
{
    public async ValueTask<object?> InvokeMethodAsync(HubInvocationContext invocationContext, Func<HubInvocationContext, ValueTask<object?>> next)
    {
        var method = invocationContext.HubMethodName;
        var connectionId = invocationContext.Context.ConnectionId;
        var user = invocationContext.Context.User?.Identity?.Name ?? "";
        try
        {
            return await next(invocationContext);
        }
        catch (BrokerException exception)
        {
            LogRefused(logger, method, connectionId, user, exception.Message);
            throw new HubException(exception.Message, exception);
        }
        catch (HubException exception)
        {
            LogRefused(logger, method, connectionId, user, exception.Message);
            throw;
        }
        catch (Exception exception)
        {
            LogFailed(logger, exception, method, connectionId, user);
            throw;
        }
    }

    [LoggerMessage(1, LogLevel.Debug, "Refused {Method} on connection {ConnectionId} of user {User}: {Reason}", EventName = "Refused")]
    private static partial void LogRefused(ILogger logger, string method, string connectionId, string user, string reason);

    [LoggerMessage(2, LogLevel.Error, "{Method} failed on connection {ConnectionId} of user {User}", EventName = "Failed")]
    private static partial void LogFailed(ILogger logger, Exception exception, string method, string connectionId, string user);
}
