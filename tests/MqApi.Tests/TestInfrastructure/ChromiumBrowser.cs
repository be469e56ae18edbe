using Microsoft.Playwright;

namespace MqApi.Tests.TestInfrastructure;

/// <summary>
/// Headless Debian Chromium driven through Playwright, for tests that need a real browser.
/// Nothing is downloaded: Playwright's driver ships inside its NuGet package and the browser is the
/// system one (<c>apt-get install chromium</c>; .ci/run installs it). Point <see cref="ExecutablePathVariable"/>
/// at another Chromium binary to use that instead.
/// </summary>
/// <example>
/// <code>
/// await using var browser = await ChromiumBrowser.LaunchAsync();
/// var page = await browser.NewPageAsync();
/// </code>
/// </example>
public sealed class ChromiumBrowser : IAsyncDisposable
{
    public const string ExecutablePathVariable = "MQAPI_CHROMIUM";
    public const string DefaultExecutablePath = "/usr/bin/chromium";

    /// <summary>Deadline for starting the Playwright driver and the browser process.</summary>
    public static readonly TimeSpan LaunchTimeout = TimeSpan.FromSeconds(30);

    /// <summary>Deadline that pages get for every navigation, wait and action.</summary>
    public static readonly TimeSpan PageTimeout = TimeSpan.FromSeconds(10);

    // No sandbox because CI runs as root; the rest keeps Chromium from calling out to the network
    // (component updates, sync, QUIC probes) and from waiting on a GPU the machine does not have.
    private static readonly string[] LaunchArguments =
    [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
    ];

    private readonly IPlaywright _playwright;

    private ChromiumBrowser(IPlaywright playwright, IBrowser browser)
    {
        _playwright = playwright;
        Browser = browser;
    }

    /// <summary>The Playwright browser, for anything the helpers here do not cover.</summary>
    public IBrowser Browser { get; }

    /// <summary>
    /// Starts the Playwright driver and launches headless Chromium. Playwright gives the browser a fresh
    /// temporary profile and deletes it on close, so launches never share state.
    /// </summary>
    public static async Task<ChromiumBrowser> LaunchAsync()
    {
        var executablePath = ResolveExecutablePath();
        var playwright = await Playwright.CreateAsync().WaitAsync(LaunchTimeout);
        try
        {
            var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
            {
                ExecutablePath = executablePath,
                Headless = true,
                Args = LaunchArguments,
                Timeout = (float)LaunchTimeout.TotalMilliseconds,
            }).WaitAsync(LaunchTimeout);
            return new ChromiumBrowser(playwright, browser);
        }
        catch
        {
            playwright.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Opens a page in its own browser context (own cookies and storage). Every Playwright call on the
    /// page, and every <c>Assertions.Expect</c> on it, fails after <see cref="PageTimeout"/> instead of
    /// hanging the test.
    /// </summary>
    public async Task<IPage> NewPageAsync()
    {
        // Playwright keeps the expect timeout process-wide (default 5 s); every page here sets the same value.
        Assertions.SetDefaultExpectTimeout((float)PageTimeout.TotalMilliseconds);
        var page = await Browser.NewPageAsync().WaitAsync(PageTimeout);
        page.SetDefaultTimeout((float)PageTimeout.TotalMilliseconds);
        page.SetDefaultNavigationTimeout((float)PageTimeout.TotalMilliseconds);
        return page;
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await Browser.CloseAsync().WaitAsync(LaunchTimeout);
        }
        finally
        {
            _playwright.Dispose();
        }
    }

    private static string ResolveExecutablePath()
    {
        var configured = Environment.GetEnvironmentVariable(ExecutablePathVariable);
        var path = string.IsNullOrWhiteSpace(configured) ? DefaultExecutablePath : configured;
        if (!File.Exists(path))
        {
            throw new InvalidOperationException(
                $"Chromium was not found at '{path}'. Install Debian's package (apt-get install chromium) " +
                $"or set {ExecutablePathVariable} to a Chromium binary.");
        }

        return path;
    }
}
