using Microsoft.AspNetCore.SignalR;
using MqApi.Broker;

namespace MqApi.Hubs;

/// <summary>
/// The one place broker errors become hub errors: the caller gets a <see cref="HubException"/> with the
/// broker's message (which names the argument or object at fault) and the connection stays open.
/// Other exceptions are bugs and pass through, so SignalR logs them and tells the client no details.
/// </summary>
public sealed partial class BrokerExceptionHubFilter(ILogger<BrokerExceptionHubFilter> logger) : IHubFilter
{
    public async ValueTask<object?> InvokeMethodAsync(HubInvocationContext invocationContext, Func<HubInvocationContext, ValueTask<object?>> next)
    {
        try
        {
            return await next(invocationContext);
        }
        catch (BrokerException exception)
        {
            LogRefused(logger, invocationContext.HubMethodName, invocationContext.Context.ConnectionId, exception.Kind, exception.Message);
            throw new HubException(exception.Message, exception);
        }
    }

    [LoggerMessage(1, LogLevel.Debug, "Refused {Method} on connection {ConnectionId}: {Kind}: {Reason}", EventName = "Refused")]
    private static partial void LogRefused(ILogger logger, string method, string connectionId, BrokerErrorKind kind, string reason);
}
