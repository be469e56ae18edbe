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
        services.ConfigureOpenTelemetryMeterProvider((provider, builder) => builder.AddView(InstrumentView(provider.GetRequiredService<IMeterFactory>())));
        return services;
    }

    /// <summary>
    /// OpenTelemetry sets aside room for 2,000 tag combinations per instrument up front; over the
    /// runtime's, Kestrel's and SignalR's thirty-odd instruments that was about 5 MiB of an idle server.
    /// Their tags take a handful of values each (GC generation, endpoint, transport, close status), far
    /// below this limit, and a combination past it would be counted in the otel_metric_overflow series,
    /// not lost. The MqApi meter (a series per queue) and ASP.NET Core's request meter (route × method ×
    /// status) keep the default.
    /// </summary>
    private static readonly string[] FewSeriesMeters = ["Microsoft.AspNetCore.Server.Kestrel", "Microsoft.AspNetCore.Http.Connections", "System.Runtime"];

    internal const int FewSeriesCardinalityLimit = 100;

    /// <summary>
    /// Meters are found by name across the whole process, so a process with several hosts (the tests)
    /// would mix their instruments. Each host keeps those made by its own meter factory, and the
    /// process-wide ones (the runtime's).
    /// </summary>
    private static Func<Instrument, MetricStreamConfiguration?> InstrumentView(IMeterFactory ours) => instrument =>
        instrument.Meter.Scope is IMeterFactory other && !ReferenceEquals(other, ours) ? MetricStreamConfiguration.Drop
        : FewSeriesMeters.Contains(instrument.Meter.Name) ? new MetricStreamConfiguration { CardinalityLimit = FewSeriesCardinalityLimit }
        : null;

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
