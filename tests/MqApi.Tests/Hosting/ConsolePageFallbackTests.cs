using MqApi.Hosting;

namespace MqApi.Tests.Hosting;

/// <summary>Where the console page is served from when the server starts outside its own folder.</summary>
public sealed class ConsolePageFallbackTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), $"mqapi-webroot-{Guid.NewGuid():N}");

    public ConsolePageFallbackTests() => Directory.CreateDirectory(_root);

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public void MissingWebRootFallsBackToTheWwwrootNextToTheApp()
    {
        var app = Directory.CreateDirectory(Path.Combine(_root, "app", "wwwroot")).Parent!.FullName;

        var folder = ConsolePageExtensions.FallbackFolder(Path.Combine(_root, "elsewhere", "wwwroot"), app);

        Assert.Equal(Path.Combine(app, "wwwroot"), folder);
    }

    [Fact]
    public void ExistingWebRootIsKept()
    {
        var webRoot = Directory.CreateDirectory(Path.Combine(_root, "content", "wwwroot")).FullName;
        var app = Directory.CreateDirectory(Path.Combine(_root, "app", "wwwroot")).Parent!.FullName;

        Assert.Null(ConsolePageExtensions.FallbackFolder(webRoot, app));
    }

    [Fact]
    public void NeitherFolderMeansNoFallback()
    {
        Assert.Null(ConsolePageExtensions.FallbackFolder(null, Path.Combine(_root, "app")));
    }
}
