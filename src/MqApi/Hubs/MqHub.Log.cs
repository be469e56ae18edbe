namespace MqApi.Hubs;

public sealed partial class MqHub
{
    // Information, as RabbitMQ logs connections opening and closing: who was connected when.
    [LoggerMessage(1, LogLevel.Information, "Opened a broker session for connection {ConnectionId} of user {User}", EventName = "SessionOpened")]
    private static partial void LogSessionOpened(ILogger logger, string connectionId, string user);

    [LoggerMessage(2, LogLevel.Information, "Closed the broker session of connection {ConnectionId} of user {User}", EventName = "SessionClosed")]
    private static partial void LogSessionClosed(ILogger logger, string connectionId, string user);
}
