using Microsoft.AspNetCore.StaticFiles;
using Microsoft.Extensions.FileProviders;
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
        var webRoot = app.ApplicationServices.GetRequiredService<IWebHostEnvironment>().WebRootPath;
        // Null: the host's own web root, with whatever it composes in (static web assets under dotnet run).
        var files = FallbackFolder(webRoot, AppContext.BaseDirectory) is { } folder ? new PhysicalFileProvider(folder) : null;
        app.UseDefaultFiles(new DefaultFilesOptions { FileProvider = files });
        app.UseStaticFiles(new StaticFileOptions { FileProvider = files, OnPrepareResponse = AddHeaders });
        return app;
    }

    /// <summary>
    /// The wwwroot published next to the app, when the host's web root does not exist: the web root is
    /// found under the working folder, so <c>dotnet MqApi.dll</c> started from any other folder would
    /// serve no page. Null when the web root exists (or neither does).
    /// </summary>
    internal static string? FallbackFolder(string? webRootPath, string appFolder)
    {
        if (!string.IsNullOrEmpty(webRootPath) && Directory.Exists(webRootPath)) return null;
        var published = Path.Combine(appFolder, "wwwroot");
        return Directory.Exists(published) ? published : null;
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
