using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using MqApi.Tests.TestInfrastructure;

namespace MqApi.Tests.Browser;

public sealed class ChromiumSmokeTests
{
    [Fact]
    public async Task HeadlessChromiumLoadsAPageServedByTheRealKestrelHost()
    {
        var marker = Guid.NewGuid().ToString("N");
        var probe = new BrowserProbe(marker);
        await using var host = await KestrelAppHost.StartAsync(web =>
            web.ConfigureServices(services => services.AddSingleton<IStartupFilter>(probe)));
        await using var browser = await ChromiumBrowser.LaunchAsync();
        var page = await browser.NewPageAsync();

        var response = await page.GotoAsync(new Uri(host.BaseAddress, BrowserProbe.Path).ToString());

        Assert.NotNull(response);
        Assert.Equal(200, response.Status);
        Assert.Equal("Kestrel", await response.HeaderValueAsync("server"));
        // The title is set by script, so this also shows the page's JavaScript ran.
        Assert.Equal(marker, await page.TitleAsync());
        var userAgent = Assert.Single(probe.UserAgents);
        Assert.Contains("HeadlessChrome", userAgent);
    }

    /// <summary>
    /// Answers <see cref="Path"/> ahead of the app's own pipeline and records who asked, so the test
    /// does not depend on which pages the app serves.
    /// </summary>
    private sealed class BrowserProbe(string marker) : IStartupFilter
    {
        public const string Path = "/__browser-probe";

        private readonly List<string> _userAgents = [];

        public IReadOnlyList<string> UserAgents
        {
            get { lock (_userAgents) { return [.. _userAgents]; } }
        }

        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Map(Path, probe => probe.Run(async context =>
            {
                lock (_userAgents) { _userAgents.Add(context.Request.Headers.UserAgent.ToString()); }
                context.Response.ContentType = "text/html; charset=utf-8";
                await context.Response.WriteAsync(
                    $"<!doctype html><script>document.title = '{marker}';</script>", context.RequestAborted);
            }));
            next(app);
        };
    }
}
