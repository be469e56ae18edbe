namespace MqApi.Hubs;

public sealed partial class MqHub
{
    [LoggerMessage(1, LogLevel.Debug, "Opened a broker session for connection {ConnectionId} of user {User}", EventName = "SessionOpened")]
    private static partial void LogSessionOpened(ILogger logger, string connectionId, string user);

    [LoggerMessage(2, LogLevel.Debug, "Closed the broker session of connection {ConnectionId}", EventName = "SessionClosed")]
    private static partial void LogSessionClosed(ILogger logger, string connectionId);
}
