using Microsoft.AspNetCore.StaticFiles;
using Microsoft.Net.Http.Headers;

namespace MqApi.Hosting;

/// <summary>
/// Serves the browser console in wwwroot (<c>/</c> is its consume page) to anyone: the files hold no data,
/// and the page signs in through <c>POST /api/tokens</c> before it calls the API or the hub. This runs before
/// authentication and ends the request when a file matches, so only the files are anonymous; every other
/// path still meets the fallback policy.
/// </summary>
public static class ConsolePageExtensions
{
    // The page loads its own scripts and styles, talks to its own origin (REST and the hub's WebSocket; CSP 3's
    // 'self' covers ws: on the same host) and never frames or is framed.
    private const string ContentSecurityPolicy =
        "default-src 'self'; connect-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    public static IApplicationBuilder UseConsolePage(this IApplicationBuilder app)
    {
        app.UseDefaultFiles();
        app.UseStaticFiles(new StaticFileOptions { OnPrepareResponse = AddHeaders });
        return app;
    }

    private static void AddHeaders(StaticFileResponseContext context)
    {
        var headers = context.Context.Response.Headers;
        // Revalidate every time (the ETag makes that cheap), so a new build's page never runs with old modules.
        headers.CacheControl = "no-cache";
        headers.XContentTypeOptions = "nosniff";
        if (context.File.Name.EndsWith(".html", StringComparison.OrdinalIgnoreCase))
        {
            headers.ContentSecurityPolicy = ContentSecurityPolicy;
            headers[HeaderNames.XFrameOptions] = "DENY";
            headers["Referrer-Policy"] = "no-referrer";
        }
    }
}
