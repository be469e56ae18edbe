using System.Diagnostics.Metrics;
using MqApi.Security;
using MqApi.Storage;
using OpenTelemetry.Metrics;

namespace MqApi.Hosting;

/// <summary>
/// Prometheus metrics at /metrics through OpenTelemetry: the MqApi meter (messages, queue depth,
/// connections, store commit latency) plus ASP.NET Core's, Kestrel's and the .NET runtime's own meters.
/// </summary>
public static class MetricsExtensions
{
    public const string Path = "/metrics";

    /// <summary>ASP.NET Core and the runtime publish these meters themselves; listing them costs nothing more.</summary>
    private static readonly string[] PlatformMeters =
        ["Microsoft.AspNetCore.Hosting", "Microsoft.AspNetCore.Server.Kestrel", "Microsoft.AspNetCore.Http.Connections", "System.Runtime"];

    public static IServiceCollection AddBrokerMetrics(this IServiceCollection services)
    {
        services.AddSingleton<BrokerMetrics>();
        services.AddOpenTelemetry().WithMetrics(metrics => metrics
            .AddMeter(StoreMetrics.MeterName)
            .AddMeter(PlatformMeters)
            // No response cache: a scrape always shows the counts as they are now.
            .AddPrometheusExporter(options => options.ScrapeResponseCacheDurationMilliseconds = 0));
        services.ConfigureOpenTelemetryMeterProvider((provider, builder) => builder.AddView(OnlyThisHost(provider.GetRequiredService<IMeterFactory>())));
        return services;
    }

    /// <summary>
    /// Meters are found by name across the whole process, so a process with several hosts (the tests)
    /// would mix their instruments. Each host keeps those made by its own meter factory, and the
    /// process-wide ones (the runtime's).
    /// </summary>
    private static Func<Instrument, MetricStreamConfiguration?> OnlyThisHost(IMeterFactory ours) => instrument =>
        instrument.Meter.Scope is IMeterFactory other && !ReferenceEquals(other, ours) ? MetricStreamConfiguration.Drop : null;

    /// <summary>
    /// Maps /metrics. Open to anyone by default, as RabbitMQ's Prometheus endpoint is (it shows counts
    /// and queue names, never messages); <c>Metrics:RequireAuthentication</c> true limits it to
    /// management users, as the management API.
    /// </summary>
    public static void MapMetricsEndpoint(this WebApplication app)
    {
        // Created now, so the instruments exist before the first scrape.
        app.Services.GetRequiredService<BrokerMetrics>();
        var endpoint = app.MapPrometheusScrapingEndpoint(Path);
        if (app.Configuration.GetValue<bool>("Metrics:RequireAuthentication")) endpoint.RequireAuthorization(SecurityExtensions.ManagementPolicy);
        else endpoint.AllowAnonymous();
    }
}
