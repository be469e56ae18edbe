using Microsoft.Playwright;
using MqApi.Tests.TestInfrastructure;
using static Microsoft.Playwright.Assertions;

namespace MqApi.Tests.Browser;

/// <summary>
/// The console (wwwroot/index.html) as a person uses it, through its data-testid hooks. Every step
/// waits at most <see cref="ChromiumBrowser.PageTimeout"/>, as every Playwright call and assertion does.
/// </summary>
public sealed class ConsolePage(IPage page)
{
    public IPage Page { get; } = page;

    /// <summary>The consume view's route; the console opens on its overview.</summary>
    public const string ConsumeRoute = "#/consume";

    public ILocator Deliveries => Page.GetByTestId("delivery");

    /// <summary>Opens the console, on <paramref name="route"/> (a hash route such as <see cref="ConsumeRoute"/>) once signed in.</summary>
    public async Task OpenAsync(Uri baseAddress, string route = "")
    {
        var response = await Page.GotoAsync(new Uri(baseAddress, "/" + route).ToString());
        Assert.Equal(200, response?.Status);
    }

    /// <summary>Goes to a view with the navigation bar (overview, exchanges, queues, bindings, connections, consume).</summary>
    public async Task NavigateAsync(string view)
    {
        await Page.GetByTestId($"nav-{view}").ClickAsync();
        await Expect(Page.GetByTestId($"nav-{view}")).ToHaveAttributeAsync("aria-current", "page");
    }

    public async Task SignInAsync(string user, string password)
    {
        await Page.GetByTestId("username").FillAsync(user);
        await Page.GetByTestId("password").FillAsync(password);
        await Page.GetByTestId("sign-in").ClickAsync();
    }

    /// <summary>Signs in and waits until the hub connection is up.</summary>
    public async Task SignInAndConnectAsync(string user, string password)
    {
        await SignInAsync(user, password);
        await Expect(Page.GetByTestId("session-user")).ToHaveTextAsync(user);
        await Expect(Page.GetByTestId("connection-state")).ToHaveAttributeAsync("data-state", "connected");
    }

    public async Task SubscribeAsync(string vhost, string queue, int prefetch)
    {
        await Page.GetByTestId("vhost").SelectOptionAsync(vhost);
        await Page.GetByTestId("queue").SelectOptionAsync(queue);
        await Page.GetByTestId("prefetch").FillAsync(prefetch.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await Page.GetByTestId("subscribe").ClickAsync();
        await Expect(Page.GetByTestId("subscription-status")).ToHaveAttributeAsync("data-state", "subscribed");
    }

    /// <summary>Declares a queue with the page's "New queue" box; the page then selects it.</summary>
    public async Task DeclareQueueAsync(string queue)
    {
        await Page.GetByTestId("new-queue-toggle").ClickAsync();
        await Page.GetByTestId("new-queue").FillAsync(queue);
        await Page.GetByTestId("declare").ClickAsync();
        await Expect(Page.GetByTestId("queue")).ToHaveValueAsync(queue);
    }

    /// <summary>Publishes with the page's form to the default exchange, whose routing key the page prefills.</summary>
    public async Task PublishAsync(string payload)
    {
        await Page.GetByTestId("publish-payload").FillAsync(payload);
        await Page.GetByTestId("publish").ClickAsync();
        await Expect(Page.GetByTestId("publish-result")).ToHaveAttributeAsync("data-state", "routed");
    }

    /// <summary>The card of the delivery whose payload contains <paramref name="text"/>, once it is on the page.</summary>
    public async Task<ILocator> WaitForDeliveryAsync(string text, bool redelivered = false)
    {
        var card = Deliveries
            .Filter(new() { Has = Page.GetByTestId("delivery-payload").GetByText(text) })
            .Filter(new() { Has = Page.Locator($"[data-testid=delivery-redelivered][data-redelivered={(redelivered ? "true" : "false")}]") });
        await Expect(card).ToBeVisibleAsync();
        return card;
    }

    /// <summary>Clicks Ack, Nack or Reject on a card and waits until the server has answered.</summary>
    public static async Task SettleAsync(ILocator card, string action, string settledState)
    {
        await card.GetByTestId(action).ClickAsync();
        await Expect(card).ToHaveAttributeAsync("data-state", settledState);
    }
}
