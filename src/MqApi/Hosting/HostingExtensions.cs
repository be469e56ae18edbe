using Microsoft.Extensions.DependencyInjection.Extensions;
using MqApi.Broker;
using MqApi.Security;

namespace MqApi.Hosting;

public static class HostingExtensions
{
    /// <summary>The broker core and its start-up.</summary>
    public static IServiceCollection AddBroker(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<BrokerOptions>(configuration.GetSection(BrokerOptions.Section));
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<MessageBroker>();
        services.AddHostedService<BrokerMaintenanceService>();
        services.AddHostedService<MessageStatsSampler>();
        services.AddSingleton<BrokerStartup>();
        services.AddHealthChecks().AddCheck<BrokerReadyHealthCheck>("broker", tags: ["ready"]);
        return services;
    }

    /// <summary>The hub's live overview: <c>WatchOverview</c> connections get it pushed once a second.</summary>
    public static IServiceCollection AddLiveOverview(this IServiceCollection services)
    {
        services.AddHostedService<OverviewPushService>();
        return services;
    }

    /// <summary>Migrates, recovers and seeds before the server accepts a request.</summary>
    public static Task StartBrokerAsync(this WebApplication app) =>
        app.Services.GetRequiredService<BrokerStartup>().RunAsync(app.Lifetime.ApplicationStopping);

    /// <summary>/health/live (the process answers) and /health/ready (the broker recovered its state).</summary>
    public static void MapHealthEndpoints(this IEndpointRouteBuilder routes)
    {
        routes.MapHealthChecks("/health/live", new() { Predicate = _ => false }).AllowAnonymous();
        routes.MapHealthChecks("/health/ready", new() { Predicate = check => check.Tags.Contains("ready") }).AllowAnonymous();
    }
}
