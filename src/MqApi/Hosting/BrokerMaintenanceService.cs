using MqApi.Broker;

namespace MqApi.Hosting;

/// <summary>Drives the broker's time-based work (TTL, x-expires, leases, consumer timeout) a few times a second.</summary>
public sealed partial class BrokerMaintenanceService(MessageBroker broker, ILogger<BrokerMaintenanceService> logger) : BackgroundService
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(100);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            if (!broker.IsRecovered) continue;
            try
            {
                await broker.SweepAsync();
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                // One bad sweep must not stop the next ones (expiry, leases, timeouts would stall).
                LogSweepFailed(logger, exception);
            }
        }
    }

    [LoggerMessage(1, LogLevel.Error, "Broker maintenance sweep failed", EventName = "SweepFailed")]
    private static partial void LogSweepFailed(ILogger logger, Exception exception);
}
