using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;
using MqApi.Broker;

namespace MqApi.Api;

/// <summary>
/// Request rules applied before routing: bodies over the configured size are refused with 413, and
/// API bodies are read as JSON whatever Content-Type the client sent (curl's -d sends a form type,
/// and RabbitMQ's recipes rely on that working).
/// </summary>
public static class RequestShape
{
    public static IApplicationBuilder UseRequestShape(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        var limit = context.RequestServices.GetRequiredService<IOptions<BrokerOptions>>().Value.MaxRequestBodyBytes;
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } sizeFeature) sizeFeature.MaxRequestBodySize = limit;
        if (context.Request.ContentLength > limit)
        {
            throw new BadHttpRequestException($"request body is larger than the limit of {limit} bytes", StatusCodes.Status413PayloadTooLarge);
        }
        if (context.Request.Path.StartsWithSegments("/api") && (context.Request.ContentLength > 0 || context.Request.Headers.TransferEncoding.Count > 0) &&
            !(context.Request.ContentType?.Contains("json", StringComparison.OrdinalIgnoreCase) ?? false))
        {
            context.Request.ContentType = "application/json";
        }
        await next(context);
    });
}
