using Microsoft.Extensions.Diagnostics.HealthChecks;
using MqApi.Broker;

namespace MqApi.Hosting;

/// <summary>Ready once the broker has recovered its durable state.</summary>
public sealed class BrokerReadyHealthCheck(MessageBroker broker) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(broker.IsRecovered ? HealthCheckResult.Healthy() : HealthCheckResult.Unhealthy("recovering"));
}
