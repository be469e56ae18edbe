using Microsoft.AspNetCore.SignalR;
using MqApi.Broker;
using MqApi.Hubs;
using MqApi.Security;

namespace MqApi.Hosting;

/// <summary>
/// Pushes the overview (the body of <c>GET /api/overview</c>) once a second to every hub connection that
/// watches it, built once per user so that each sees only what that user's permissions show. Costs nothing
/// while nobody watches.
/// </summary>
public sealed partial class OverviewPushService(
    MessageBroker broker, OverviewWatchers watchers, OverviewPayload overview, IHubContext<MqHub, IMqClient> hub, ILogger<OverviewPushService> logger) : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            if (!broker.IsRecovered || watchers.IsEmpty) continue;
            try
            {
                await PushAsync(stoppingToken);
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                // One failed round must not end the live figures for everyone.
                LogPushFailed(logger, exception);
            }
        }
    }

    private async Task PushAsync(CancellationToken cancellationToken)
    {
        var sends = new List<Task>();
        foreach (var user in watchers.ByUser())
        {
            cancellationToken.ThrowIfCancellationRequested();
            // The tag was checked when the connection asked to watch; a user since deleted or stripped of
            // its management tag stops getting what GET /api/overview would now refuse it.
            if (broker.Users.FindUser(user.Key) is not { } record || !record.Tags.Any(SecurityExtensions.ManagementTags.Contains))
            {
                foreach (var connectionId in user) watchers.Remove(connectionId);
                continue;
            }
            sends.Add(hub.Clients.Clients([.. user]).Overview(overview.Build(new Caller(user.Key))));
        }
        try
        {
            // Sent side by side: a connection too slow to take its push (backpressure) delays nobody else's.
            await Task.WhenAll(sends).WaitAsync(Interval, cancellationToken);
        }
        catch (TimeoutException)
        {
            // Its push completes, or fails with the connection, on its own.
        }
    }

    [LoggerMessage(1, LogLevel.Error, "Pushing the overview to hub connections failed", EventName = "OverviewPushFailed")]
    private static partial void LogPushFailed(ILogger logger, Exception exception);
}
