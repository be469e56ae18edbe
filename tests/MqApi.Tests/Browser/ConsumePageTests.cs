using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.Playwright;
using MqApi.Tests.TestInfrastructure;
using static Microsoft.Playwright.Assertions;

namespace MqApi.Tests.Browser;

/// <summary>
/// The console's consume view in headless Chromium against the real app on Kestrel: the page signs in, subscribes over
/// the hub, and the test publishes and checks queue counters over REST as guest.
/// </summary>
public sealed class ConsumePageTests
{
    private static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task DeliveryPublishedOverRestAppearsInThePageAndItsAckEmptiesTheQueue()
    {
        await using var host = await KestrelAppHost.StartAsync();
        using var rest = CreateGuestClient(host);
        var queue = $"orders-{Guid.NewGuid():N}"[..15];
        await DeclareQueueAsync(rest, queue);
        await using var browser = await ChromiumBrowser.LaunchAsync();
        var page = new ConsolePage(await browser.NewPageAsync());
        await page.Page.SetViewportSizeAsync(1280, 820);
        await page.OpenAsync(host.BaseAddress, ConsolePage.ConsumeRoute);
        await page.SignInAndConnectAsync("guest", "guest");
        await page.SubscribeAsync("/", queue, prefetch: 5);

        await PublishAsync(rest, queue, """{"order":1042,"item":"espresso beans","quantity":2}""", new()
        {
            ["content_type"] = "application/json",
            ["delivery_mode"] = 2,
            ["message_id"] = "order-1042",
            ["headers"] = new Dictionary<string, object> { ["source"] = "checkout" },
        });
        var card = await page.WaitForDeliveryAsync("espresso beans");

        await Expect(card.GetByTestId("delivery-routing-key")).ToHaveTextAsync(queue);
        await Expect(card.GetByTestId("delivery-redelivered")).ToHaveTextAsync("first delivery");
        await Expect(card.GetByTestId("delivery-properties")).ToContainTextAsync("order-1042");
        await Expect(card.GetByTestId("delivery-properties")).ToContainTextAsync("checkout");
        Assert.Equal(1, (await GetQueueAsync(rest, queue)).GetProperty("messages_unacknowledged").GetInt32());
        await Screenshots.SaveAsync(page.Page, "consume-page.png");

        await ConsolePage.SettleAsync(card, "ack", "acked");

        var counters = await GetQueueAsync(rest, queue);
        Assert.Equal(0, counters.GetProperty("messages_unacknowledged").GetInt32());
        Assert.Equal(0, counters.GetProperty("messages").GetInt32());
    }

    [Fact]
    public async Task NackRequeuesTheMessageAndThePageShowsItRedelivered()
    {
        await using var host = await KestrelAppHost.StartAsync();
        using var rest = CreateGuestClient(host);
        var queue = $"retry-{Guid.NewGuid():N}"[..14];
        await DeclareQueueAsync(rest, queue);
        await using var browser = await ChromiumBrowser.LaunchAsync();
        var page = new ConsolePage(await browser.NewPageAsync());
        await page.OpenAsync(host.BaseAddress, ConsolePage.ConsumeRoute);
        await page.SignInAndConnectAsync("guest", "guest");
        await page.SubscribeAsync("/", queue, prefetch: 1);
        await PublishAsync(rest, queue, "try me twice", new());
        var first = await page.WaitForDeliveryAsync("try me twice");

        await ConsolePage.SettleAsync(first, "nack", "requeued");
        var second = await page.WaitForDeliveryAsync("try me twice", redelivered: true);
        await ConsolePage.SettleAsync(second, "reject", "rejected");

        var counters = await GetQueueAsync(rest, queue);
        Assert.Equal(0, counters.GetProperty("messages").GetInt32());
        await Expect(page.Deliveries).ToHaveCountAsync(2);
    }

    [Fact]
    public async Task QueueDeclaredAndMessagePublishedInThePageComeBackAsADeliveryInThePage()
    {
        await using var host = await KestrelAppHost.StartAsync();
        using var rest = CreateGuestClient(host);
        var queue = $"alone-{Guid.NewGuid():N}"[..14];
        await using var browser = await ChromiumBrowser.LaunchAsync();
        var page = new ConsolePage(await browser.NewPageAsync());
        await page.OpenAsync(host.BaseAddress, ConsolePage.ConsumeRoute);
        await page.SignInAndConnectAsync("guest", "guest");

        await page.DeclareQueueAsync(queue);
        await page.SubscribeAsync("/", queue, prefetch: 0);
        await page.PublishAsync("hello from the form");
        var card = await page.WaitForDeliveryAsync("hello from the form");
        await ConsolePage.SettleAsync(card, "ack", "acked");

        await Expect(card.GetByTestId("delivery-routing-key")).ToHaveTextAsync(queue);
        var counters = await GetQueueAsync(rest, queue);
        Assert.True(counters.GetProperty("durable").GetBoolean());
        Assert.Equal(0, counters.GetProperty("messages").GetInt32());
    }

    [Fact]
    public async Task SignInWithAWrongPasswordShowsAnErrorAndKeepsTheFormOpen()
    {
        await using var host = await KestrelAppHost.StartAsync();
        await using var browser = await ChromiumBrowser.LaunchAsync();
        var page = new ConsolePage(await browser.NewPageAsync());
        await page.OpenAsync(host.BaseAddress, ConsolePage.ConsumeRoute);

        await page.SignInAsync("guest", "not-the-password");

        await Expect(page.Page.GetByTestId("sign-in-error")).ToHaveTextAsync("Wrong user or password.");
        await Expect(page.Page.GetByTestId("sign-in-form")).ToBeVisibleAsync();
        await Expect(page.Page.GetByTestId("subscribe-form")).ToBeHiddenAsync();
    }

    private static HttpClient CreateGuestClient(KestrelAppHost host)
    {
        var client = host.CreateClient();
        client.Timeout = RequestTimeout;
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes("guest:guest")));
        return client;
    }

    private static async Task DeclareQueueAsync(HttpClient rest, string queue)
    {
        using var response = await rest.PutAsJsonAsync($"/api/queues/%2F/{queue}", new { durable = true });
        Assert.True(response.IsSuccessStatusCode, $"declaring {queue} answered {(int)response.StatusCode}");
    }

    private static async Task PublishAsync(HttpClient rest, string queue, string payload, Dictionary<string, object> properties)
    {
        using var response = await rest.PostAsJsonAsync("/api/exchanges/%2F/amq.default/publish",
            new { routing_key = queue, payload, payload_encoding = "string", properties });
        response.EnsureSuccessStatusCode();
        var answer = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(answer.GetProperty("routed").GetBoolean());
    }

    private static async Task<JsonElement> GetQueueAsync(HttpClient rest, string queue) =>
        await rest.GetFromJsonAsync<JsonElement>($"/api/queues/%2F/{queue}");
}
