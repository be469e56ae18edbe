using Microsoft.AspNetCore.SignalR;
using MqApi.Broker;
using MqApi.Hubs;

namespace MqApi.Hosting;

/// <summary>
/// Pushes the overview (the body of <c>GET /api/overview</c>) once a second to every hub connection that
/// watches it, built once per user so that each sees only what that user's permissions show. Costs nothing
/// while nobody watches.
/// </summary>
public sealed partial class OverviewPushService(
    MessageBroker broker, OverviewWatchers watchers, IHubContext<MqHub, IMqClient> hub, ILogger<OverviewPushService> logger) : BackgroundService
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
        foreach (var user in watchers.ByUser())
        {
            cancellationToken.ThrowIfCancellationRequested();
            var overview = OverviewPayload.Build(broker, new Caller(user.Key));
            // SignalR writes to each connection without waiting on the others; a gone connection is skipped.
            await hub.Clients.Clients([.. user]).Overview(overview);
        }
    }

    [LoggerMessage(1, LogLevel.Error, "Pushing the overview to hub connections failed", EventName = "OverviewPushFailed")]
    private static partial void LogPushFailed(ILogger logger, Exception exception);
}
