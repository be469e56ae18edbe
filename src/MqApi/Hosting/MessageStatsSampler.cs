using Microsoft.Extensions.Options;
using MqApi.Broker;

namespace MqApi.Hosting;

/// <summary>
/// Samples the broker's message counters every <see cref="BrokerOptions.StatisticsInterval"/> (5 s by
/// default, RabbitMQ's collect_statistics_interval), so message_stats rates cover the last interval.
/// </summary>
public sealed partial class MessageStatsSampler(MessageBroker broker, IOptions<BrokerOptions> options, ILogger<MessageStatsSampler> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        Sample();
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(Math.Max(100, options.Value.StatisticsInterval.TotalMilliseconds)));
        while (await timer.WaitForNextTickAsync(stoppingToken)) Sample();
    }

    private void Sample()
    {
        try
        {
            broker.SampleStatistics();
        }
        catch (Exception exception)
        {
            // Catch-all by design: a failed sample costs one interval's rates, and must not stop the host.
            LogSampleFailed(logger, exception);
        }
    }

    [LoggerMessage(1, LogLevel.Error, "Sampling the message statistics failed", EventName = "StatisticsSampleFailed")]
    private static partial void LogSampleFailed(ILogger logger, Exception exception);
}
