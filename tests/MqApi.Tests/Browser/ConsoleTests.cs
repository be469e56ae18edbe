using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.RegularExpressions;
using MqApi.Tests.TestInfrastructure;
using static Microsoft.Playwright.Assertions;

namespace MqApi.Tests.Browser;

/// <summary>
/// The management console in headless Chromium against the real app on Kestrel, driven only through the page:
/// topology, publish, the live overview pushed over the hub, and consume with acks.
/// </summary>
public sealed partial class ConsoleTests
{
    private static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task ConsoleCreatesBindsPublishesShowsLiveFiguresAndConsumes()
    {
        await using var host = await KestrelAppHost.StartAsync();
        await using var browser = await ChromiumBrowser.LaunchAsync();
        var console = new ConsolePage(await browser.NewPageAsync());
        await console.Page.SetViewportSizeAsync(1280, 900);
        var pageErrors = CollectPageErrors(console);
        var exchange = $"orders-{Guid.NewGuid():N}"[..15];
        var queue = $"invoices-{Guid.NewGuid():N}"[..17];
        await console.OpenAsync(host.BaseAddress);
        await console.SignInAndConnectAsync("guest", "guest");

        await console.NavigateAsync("exchanges");
        await console.Page.GetByTestId("exchange-name").FillAsync(exchange);
        await console.Page.GetByTestId("exchange-type").SelectOptionAsync("direct");
        await console.Page.GetByTestId("exchange-create").ClickAsync();
        await Expect(ExchangeRow(console, exchange)).ToBeVisibleAsync();

        await console.NavigateAsync("queues");
        await console.Page.GetByTestId("queue-name").FillAsync(queue);
        await console.Page.GetByTestId("queue-create").ClickAsync();
        await Expect(QueueRow(console, queue)).ToBeVisibleAsync();

        await console.NavigateAsync("bindings");
        await console.Page.GetByTestId("binding-source").SelectOptionAsync(exchange);
        await console.Page.GetByTestId("binding-destination").FillAsync(queue);
        await console.Page.GetByTestId("binding-routing-key").FillAsync("invoice.created");
        await console.Page.GetByTestId("binding-create").ClickAsync();
        await Expect(console.Page.Locator($"[data-testid=binding-row][data-source='{exchange}'][data-destination='{queue}']")).ToContainTextAsync("invoice.created");

        await console.NavigateAsync("queues");
        await QueueRow(console, queue).GetByTestId("queue-link").ClickAsync();
        await Expect(console.Page.GetByTestId("queue-detail-name")).ToHaveTextAsync(queue);
        await Expect(console.Page.Locator($"[data-testid=queue-binding-row][data-source='{exchange}']")).ToContainTextAsync("invoice.created");
        await Expect(console.Page.GetByTestId("queue-messages")).ToHaveTextAsync("0");
        await console.Page.GetByTestId("queue-publish-exchange").SelectOptionAsync(exchange);
        await console.Page.GetByTestId("queue-publish-routing-key").FillAsync("invoice.created");
        await console.Page.GetByTestId("queue-publish-payload").FillAsync("invoice 2026-117");
        await console.Page.GetByTestId("queue-publish").ClickAsync();
        await Expect(console.Page.GetByTestId("queue-publish-result")).ToHaveAttributeAsync("data-state", "routed");
        await Expect(console.Page.GetByTestId("queue-messages")).ToHaveTextAsync("1");

        await console.Page.GetByTestId("queue-peek").ClickAsync();
        await Expect(console.Page.GetByTestId("queue-peeked-payload")).ToHaveTextAsync("invoice 2026-117");
        await Expect(console.Page.GetByTestId("queue-ready")).ToHaveTextAsync("1");

        await console.NavigateAsync("overview");
        Assert.True(pageErrors.Count == 0, string.Join(Environment.NewLine, pageErrors));
        await Expect(console.Page.GetByTestId("total-messages")).ToHaveTextAsync("1");
        await Expect(console.Page.GetByTestId("count-publish")).ToHaveTextAsync("1");
        // The chart shows a published rate above zero for the publish the console just made.
        await Expect(console.Page.GetByTestId("rate-chart")).ToHaveAttributeAsync("data-peak-publish", NonZeroNumber());
        await Expect(console.Page.GetByTestId("rates-missing")).ToBeHiddenAsync();

        await console.NavigateAsync("consume");
        await console.SubscribeAsync("/", queue, prefetch: 5);
        // The peek put it back, so it comes marked redelivered.
        var card = await console.WaitForDeliveryAsync("invoice 2026-117", redelivered: true);
        await Expect(card.GetByTestId("delivery-routing-key")).ToHaveTextAsync("invoice.created");
        await ConsolePage.SettleAsync(card, "ack", "acked");
        await console.NavigateAsync("connections");
        await Expect(console.Page.Locator($"[data-testid=consumer-row][data-queue='{queue}']")).ToContainTextAsync("guest");

        await console.NavigateAsync("overview");
        await Expect(console.Page.GetByTestId("count-ack")).ToHaveTextAsync("1");
        await Expect(console.Page.GetByTestId("rate-chart")).ToHaveAttributeAsync("data-peak-ack", NonZeroNumber());
        await Expect(console.Page.GetByTestId("total-messages")).ToHaveTextAsync("0");
        await Screenshots.SaveAsync(console.Page, "console-overview.png");
        await console.NavigateAsync("queues");
        await Expect(QueueRow(console, queue).GetByTestId("queue-row-messages")).ToHaveTextAsync("0");
        Assert.True(pageErrors.Count == 0, string.Join(Environment.NewLine, pageErrors));
    }

    [Fact]
    public async Task ConsolePurgesUnbindsAndDeletesWhatItShows()
    {
        await using var host = await KestrelAppHost.StartAsync();
        using var guest = CreateGuestClient(host);
        var queue = $"scratch-{Guid.NewGuid():N}"[..16];
        (await guest.PutAsJsonAsync($"/api/queues/%2F/{queue}", new { durable = false })).EnsureSuccessStatusCode();
        (await guest.PostAsJsonAsync($"/api/bindings/%2F/e/amq.topic/q/{queue}", new { routing_key = "scratch.#" })).EnsureSuccessStatusCode();
        for (var i = 0; i < 3; i++)
        {
            (await guest.PostAsJsonAsync("/api/exchanges/%2F/amq.topic/publish", new { routing_key = "scratch.x", payload = $"m{i}", payload_encoding = "string", properties = new { } })).EnsureSuccessStatusCode();
        }
        await using var browser = await ChromiumBrowser.LaunchAsync();
        var console = new ConsolePage(await browser.NewPageAsync());
        console.Page.Dialog += async (_, dialog) => await dialog.AcceptAsync(); // the "delete?" confirmations
        await console.OpenAsync(host.BaseAddress, $"#/queues/%2F/{queue}");
        await console.SignInAndConnectAsync("guest", "guest");
        await Expect(console.Page.GetByTestId("queue-messages")).ToHaveTextAsync("3");

        await console.Page.GetByTestId("queue-purge").ClickAsync();
        await Expect(console.Page.GetByTestId("queue-messages")).ToHaveTextAsync("0");
        await console.Page.Locator("[data-testid=queue-binding-row][data-source='amq.topic']").GetByTestId("queue-unbind").ClickAsync();
        await Expect(console.Page.Locator("[data-testid=queue-binding-row][data-source='amq.topic']")).ToHaveCountAsync(0);
        await console.Page.GetByTestId("queue-delete").ClickAsync();
        await Expect(console.Page).ToHaveURLAsync(new Regex("#/queues$"));
        await Expect(console.Page.GetByTestId("queue-rows")).ToBeVisibleAsync();
        await Expect(QueueRow(console, queue)).ToHaveCountAsync(0);

        using var gone = await guest.GetAsync($"/api/queues/%2F/{queue}");
        Assert.Equal(System.Net.HttpStatusCode.NotFound, gone.StatusCode);
    }

    [Fact]
    public async Task AUserWithoutConfigurePermissionSeesTheServersRefusal()
    {
        await using var host = await KestrelAppHost.StartAsync();
        using var guest = CreateGuestClient(host);
        (await guest.PutAsJsonAsync("/api/users/viewer", new { password = "viewer-pw", tags = "management" })).EnsureSuccessStatusCode();
        (await guest.PutAsJsonAsync("/api/permissions/%2F/viewer", new { configure = "^$", write = ".*", read = ".*" })).EnsureSuccessStatusCode();
        await using var browser = await ChromiumBrowser.LaunchAsync();
        var console = new ConsolePage(await browser.NewPageAsync());
        await console.OpenAsync(host.BaseAddress, "#/queues");
        await console.SignInAndConnectAsync("viewer", "viewer-pw");

        await console.Page.GetByTestId("queue-name").FillAsync("not-mine");
        await console.Page.GetByTestId("queue-create").ClickAsync();

        await Expect(console.Page.GetByTestId("notice")).ToContainTextAsync("403 not_authorised");
        await Expect(console.Page.GetByTestId("notice")).ToHaveAttributeAsync("data-kind", "error");
        using var response = await guest.GetAsync("/api/queues/%2F/not-mine");
        Assert.Equal(System.Net.HttpStatusCode.NotFound, response.StatusCode);
    }

    private static Microsoft.Playwright.ILocator ExchangeRow(ConsolePage console, string name) =>
        console.Page.Locator($"[data-testid=exchange-row][data-name='{name}']");

    private static Microsoft.Playwright.ILocator QueueRow(ConsolePage console, string name) =>
        console.Page.Locator($"[data-testid=queue-row][data-name='{name}']");

    /// <summary>Uncaught errors in the page's scripts and messages it logged as errors (a CSP refusal among them).</summary>
    private static List<string> CollectPageErrors(ConsolePage console)
    {
        var errors = new List<string>();
        console.Page.PageError += (_, error) => { lock (errors) errors.Add(error); };
        console.Page.Console += (_, message) =>
        {
            if (message.Type == "error") lock (errors) errors.Add(message.Text);
        };
        return errors;
    }

    private static HttpClient CreateGuestClient(KestrelAppHost host)
    {
        var client = host.CreateClient();
        client.Timeout = RequestTimeout;
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes("guest:guest")));
        return client;
    }

    /// <summary>A number written by the chart that is not zero (e.g. "0.2", "1").</summary>
    [GeneratedRegex(@"^(?!0(\.0*)?$)\d+(\.\d+)?(e-?\d+)?$")]
    private static partial Regex NonZeroNumber();
}
