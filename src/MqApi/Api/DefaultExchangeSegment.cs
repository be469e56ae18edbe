using Microsoft.AspNetCore.Http.Features;

namespace MqApi.Api;

/// <summary>
/// RabbitMQ names the default exchange by an empty path segment (<c>/api/exchanges/%2F//publish</c>),
/// which routing cannot match; this rewrites such a segment to <c>amq.default</c> before routing.
/// </summary>
public static class DefaultExchangeSegment
{
    public const string Name = "amq.default";

    public static IApplicationBuilder UseDefaultExchangeSegment(this IApplicationBuilder app) => app.Use((context, next) =>
    {
        var path = context.Request.Path.Value;
        if (path is not null && path.StartsWith("/api/", StringComparison.Ordinal) && path.Contains("//", StringComparison.Ordinal))
        {
            context.Request.Path = new PathString(Fill(path));
            if (context.Features.Get<IHttpRequestFeature>() is { } request && !string.IsNullOrEmpty(request.RawTarget))
            {
                request.RawTarget = Fill(request.RawTarget);
            }
        }
        return next(context);
    });

    private static string Fill(string path)
    {
        var query = path.IndexOf('?');
        var (route, rest) = query < 0 ? (path, "") : (path[..query], path[query..]);
        return route.Replace("//", $"/{Name}/", StringComparison.Ordinal) + rest;
    }

    /// <summary>The exchange a path name means: <c>amq.default</c> is the default exchange "".</summary>
    public static string ToExchangeName(string pathName) => pathName == Name ? "" : pathName;

    public static string ToPathName(string exchangeName) => exchangeName.Length == 0 ? Name : exchangeName;
}
