using System.Net;
using System.Text.RegularExpressions;
using MqApi.Tests.TestInfrastructure;

namespace MqApi.Tests.Hosting;

// The tests only read, so they share one app (each start migrates a new database, which costs seconds).
public sealed partial class ConsolePageServingTests(ConsolePageServingTests.SharedApp app) : IClassFixture<ConsolePageServingTests.SharedApp>
{
    private static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(10);

    [Theory]
    [InlineData("/", "text/html")]
    [InlineData("/index.html", "text/html")]
    [InlineData("/js/app.js", "text/javascript")]
    [InlineData("/css/console.css", "text/css")]
    [InlineData("/js/views/overview.js", "text/javascript")]
    [InlineData("/lib/signalr/signalr.min.js", "text/javascript")]
    [InlineData("/lib/uplot/uPlot.iife.min.js", "text/javascript")]
    [InlineData("/lib/uplot/uPlot.min.css", "text/css")]
    public async Task ConsolePageFilesLoadWithoutCredentials(string path, string contentType)
    {
        using var anonymous = CreateAnonymousClient();

        using var response = await anonymous.GetAsync(path);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(contentType, response.Content.Headers.ContentType?.MediaType);
    }

    [Theory]
    [InlineData("/api/queues")]
    [InlineData("/api/overview")]
    [InlineData("/no-such-file.html")]
    public async Task EverythingButTheFilesStillNeedsCredentials(string path)
    {
        using var anonymous = CreateAnonymousClient();

        using var response = await anonymous.GetAsync(path);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task ConsolePageIsServedWithASameOriginContentSecurityPolicy()
    {
        using var anonymous = CreateAnonymousClient();

        using var response = await anonymous.GetAsync("/");

        var policy = Assert.Single(response.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("default-src 'self'", policy);
        Assert.Contains("connect-src 'self'", policy);
        Assert.Equal("DENY", Assert.Single(response.Headers.GetValues("X-Frame-Options")));
    }

    [Fact]
    public async Task ConsolePageLoadsOnlyScriptsAndStylesThatTheAppServes()
    {
        using var anonymous = CreateAnonymousClient();
        var html = await anonymous.GetStringAsync("/");

        var references = ScriptAndStyleReferences().Matches(html).Select(m => m.Groups["url"].Value).ToList();

        Assert.Contains("lib/signalr/signalr.min.js", references);
        Assert.Contains("lib/uplot/uPlot.iife.min.js", references);
        Assert.Contains("js/app.js", references);
        foreach (var reference in references)
        {
            Assert.DoesNotContain("//", reference); // no CDN, no other origin
            using var response = await anonymous.GetAsync("/" + reference);
            Assert.True(response.IsSuccessStatusCode, $"{reference} answered {(int)response.StatusCode}");
        }
    }

    private HttpClient CreateAnonymousClient()
    {
        var client = app.Factory.CreateClient();
        client.Timeout = RequestTimeout;
        return client;
    }

    public sealed class SharedApp : IAsyncLifetime
    {
        public MqApiFactory Factory { get; } = new();

        public Task InitializeAsync() => Task.CompletedTask;

        public async Task DisposeAsync() => await Factory.DisposeAsync();
    }

    [GeneratedRegex("""<(?:script|link)\b[^>]*\b(?:src|href)="(?<url>[^"]+\.(?:js|css))"[^>]*>""")]
    private static partial Regex ScriptAndStyleReferences();
}
