using Microsoft.Extensions.Options;
using MqApi.Broker;

namespace MqApi.Hosting;

/// <summary>
/// Samples the broker's message counters every <see cref="BrokerOptions.StatisticsInterval"/> (5 s by
/// default, RabbitMQ's collect_statistics_interval), so message_stats rates cover the last interval.
/// </summary>
public sealed class MessageStatsSampler(MessageBroker broker, IOptions<BrokerOptions> options) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        broker.SampleStatistics();
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(Math.Max(100, options.Value.StatisticsInterval.TotalMilliseconds)));
        while (await timer.WaitForNextTickAsync(stoppingToken)) broker.SampleStatistics();
    }
}
