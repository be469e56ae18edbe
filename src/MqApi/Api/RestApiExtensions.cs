using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;
using MqApi.Api.Json;
using MqApi.Security;

namespace MqApi.Api;

public static class RestApiExtensions
{
    public static IServiceCollection AddRestApi(this IServiceCollection services)
    {
        services.ConfigureHttpJsonOptions(options => ApiJson.Configure(options.SerializerOptions));
        // Binding failures (bad JSON, wrong types) throw, so ErrorResponseMiddleware can answer them as JSON.
        services.Configure<RouteHandlerOptions>(options => options.ThrowOnBadRequest = true);
        services.AddEndpointsApiExplorer();
        services.AddSwaggerGen(options =>
        {
            options.SwaggerDoc("v1", new() { Title = "MqApi", Version = "v1", Description = "RabbitMQ's management HTTP API, and what it lacks: batch publish, trustworthy confirms, idempotent publish and leased consumption." });
            options.AddSecurityDefinition("basic", new Microsoft.OpenApi.OpenApiSecurityScheme { Type = Microsoft.OpenApi.SecuritySchemeType.Http, Scheme = "basic" });
            options.AddSecurityRequirement(document => new() { [new Microsoft.OpenApi.OpenApiSecuritySchemeReference("basic", document)] = [] });
        });
        return services;
    }

    /// <summary>Error bodies, request rules and the default-exchange rewrite; all before routing.</summary>
    public static void UseRestApiErrors(this WebApplication app)
    {
        app.UseMiddleware<ErrorResponseMiddleware>();
        app.UseStatusCodePages(async context =>
        {
            var http = context.HttpContext;
            if (http.Response.HasStarted || http.Response.ContentLength > 0 || http.Response.ContentType is not null) return;
            var json = http.RequestServices.GetRequiredService<IOptions<JsonOptions>>().Value.SerializerOptions;
            await http.Response.WriteAsJsonAsync(ErrorResponses.ForStatus(http.Response.StatusCode), json);
        });
        app.UseRequestShape();
        app.UseDefaultExchangeSegment();
        app.UseRouting();
    }

    public static void MapRestApi(this WebApplication app)
    {
        // Tokens and whoami are for every user (hub-only users too); the rest of the API needs a management tag.
        app.MapTokensApi();
        app.MapWhoAmIApi();
        var api = app.MapGroup("").RequireAuthorization(SecurityExtensions.ManagementPolicy);
        // Every operation can answer these, always with an {error, reason} body: say so in the OpenAPI document.
        foreach (var status in new[] { StatusCodes.Status400BadRequest, StatusCodes.Status401Unauthorized, StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound })
        {
            api.WithMetadata(new ProducesResponseTypeMetadata(status, typeof(ErrorResponse), ["application/json"]));
        }
        api.MapOverviewApi();
        api.MapVhostsApi();
        api.MapExchangesApi();
        api.MapQueuesApi();
        api.MapBindingsApi();
        api.MapUsersApi();
        api.MapClientsApi();
    }
}
