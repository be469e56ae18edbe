using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Threading.Channels;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using MqApi.Hubs;
using MqApi.Tests.TestInfrastructure;

namespace MqApi.Tests.Hubs;

/// <summary>WatchOverview / UnwatchOverview and the <c>Overview</c> pushes that the console's live figures use.</summary>
public sealed class OverviewWatchTests(MqApiFixture fixture) : IClassFixture<MqApiFixture>
{
    private readonly HttpClient _guest = fixture.Factory.CreateGuestClient();

    [Fact]
    public async Task WatchOverviewAnswersTheSameObjectAsTheRestOverview()
    {
        await using var client = await TestHubClient.ConnectAsync(fixture.Factory);

        var watched = await client.InvokeAsync<JsonElement>("WatchOverview");
        var rest = await _guest.GetFromJsonAsync<JsonElement>("/api/overview");

        Assert.Equal("MqApi", watched.GetProperty("product_name").GetString());
        Assert.Equal(
            rest.EnumerateObject().Select(p => p.Name).Order(),
            watched.EnumerateObject().Select(p => p.Name).Order());
        Assert.True(watched.GetProperty("queue_totals").TryGetProperty("messages_ready", out _));
        Assert.Equal(
            rest.GetProperty("message_stats").EnumerateObject().Select(p => p.Name).Order(),
            watched.GetProperty("message_stats").EnumerateObject().Select(p => p.Name).Order());
        Assert.Equal(JsonValueKind.Number, watched.GetProperty("message_stats").GetProperty("publish_details").GetProperty("rate").ValueKind);
        Assert.True(watched.GetProperty("object_totals").GetProperty("connections").GetInt32() >= 1);
    }

    [Fact]
    public async Task WatchOverviewAnswersWithRestFieldNamesOverMessagePackToo()
    {
        await using var client = await TestHubClient.ConnectAsync(fixture.Factory, HubProtocolKind.MessagePack);

        var watched = await client.InvokeAsync<Dictionary<string, object?>>("WatchOverview");

        Assert.Equal("MqApi", watched["product_name"]);
        Assert.Contains("queue_totals", watched.Keys);
        var stats = Assert.IsType<Dictionary<object, object>>(watched["message_stats"], exactMatch: false);
        Assert.Contains("publish_details", stats.Keys);
    }

    [Fact]
    public async Task AWatchingConnectionIsPushedOverviewsThatFollowTheQueues()
    {
        await using var client = await TestHubClient.ConnectAsync(fixture.Factory);
        var pushes = Channel.CreateUnbounded<JsonElement>();
        using var subscription = client.Connection.On<JsonElement>("Overview", overview => pushes.Writer.TryWrite(overview));
        var before = (await client.InvokeAsync<JsonElement>("WatchOverview")).GetProperty("queue_totals").GetProperty("messages").GetInt32();
        var queue = MqApiFixture.Unique("watched");
        await client.DeclareQueueAsync(queue);

        await client.PublishAsync("", queue, "counted");

        // Other tests of the class may add messages too, so the figure only has to reach ours.
        while (true)
        {
            var pushed = await pushes.Reader.ReadAsync().AsTask().WaitAsync(TestTimeouts.Delivery);
            if (pushed.GetProperty("queue_totals").GetProperty("messages").GetInt32() >= before + 1) break;
        }
    }

    [Fact]
    public async Task PushedOverviewCountsOnlyWhatTheUsersPermissionsShow()
    {
        var vhost = await _guest.CreateVhostAsync();
        await _guest.DeclareQueueAsync(vhost, "hidden");
        var user = MqApiFixture.Unique("watcher");
        (await _guest.PutAsJsonAsync($"/api/users/{user}", new { password = "pw", tags = "management" })).EnsureSuccessStatusCode();
        await using var client = await TestHubClient.ConnectAsync(fixture.Factory, user: user, password: "pw");
        var pushes = Channel.CreateUnbounded<JsonElement>();
        using var subscription = client.Connection.On<JsonElement>("Overview", overview => pushes.Writer.TryWrite(overview));

        var answered = await client.InvokeAsync<JsonElement>("WatchOverview");
        var pushed = await pushes.Reader.ReadAsync().AsTask().WaitAsync(TestTimeouts.Delivery);

        Assert.Equal(0, answered.GetProperty("object_totals").GetProperty("queues").GetInt32());
        Assert.Equal(0, pushed.GetProperty("object_totals").GetProperty("queues").GetInt32());
    }

    [Fact]
    public async Task WatchOverviewNeedsAManagementTagAsTheRestOverviewDoes()
    {
        var user = MqApiFixture.Unique("untagged");
        (await _guest.PutAsJsonAsync($"/api/users/{user}", new { password = "pw", tags = "" })).EnsureSuccessStatusCode();
        (await _guest.PutAsJsonAsync($"/api/permissions/%2F/{user}", new { configure = ".*", write = ".*", read = ".*" })).EnsureSuccessStatusCode();
        await using var client = await TestHubClient.ConnectAsync(fixture.Factory, user: user, password: "pw");

        var refusal = await Assert.ThrowsAsync<HubException>(() => client.InvokeAsync<JsonElement>("WatchOverview"));

        Assert.Contains("unauthorized", refusal.Message);
        await client.DeclareQueueAsync(MqApiFixture.Unique("still-usable")); // the rest of the hub needs no tag
    }

    [Fact]
    public async Task UnwatchOverviewOnAConnectionThatNeverWatchedIsHarmless()
    {
        await using var client = await TestHubClient.ConnectAsync(fixture.Factory);

        await client.InvokeAsync("UnwatchOverview");
        var watched = await client.InvokeAsync<JsonElement>("WatchOverview");
        await client.InvokeAsync("UnwatchOverview");

        Assert.Equal("MqApi", watched.GetProperty("product_name").GetString());
    }

    [Fact]
    public async Task AUserStrippedOfItsManagementTagStopsGettingPushes()
    {
        var user = MqApiFixture.Unique("demoted");
        (await _guest.PutAsJsonAsync($"/api/users/{user}", new { password = "pw", tags = "management" })).EnsureSuccessStatusCode();
        await using var client = await TestHubClient.ConnectAsync(fixture.Factory, user: user, password: "pw");
        var pushes = Channel.CreateUnbounded<JsonElement>();
        using var subscription = client.Connection.On<JsonElement>("Overview", overview => pushes.Writer.TryWrite(overview));
        await client.InvokeAsync<JsonElement>("WatchOverview");
        await pushes.Reader.ReadAsync().AsTask().WaitAsync(TestTimeouts.Delivery);
        var watchers = fixture.Factory.Services.GetRequiredService<OverviewWatchers>();

        (await _guest.PutAsJsonAsync($"/api/users/{user}", new { password = "pw", tags = "" })).EnsureSuccessStatusCode();

        await AssertEventually.TrueAsync(() => Task.FromResult(!watchers.IsWatching(client.Connection.ConnectionId!)),
            "the next push round drops a watcher whose user lost the management tag");
        Assert.Equal(HttpStatusCode.Forbidden, (await fixture.Factory.CreateClient(user, "pw").GetAsync("/api/overview")).StatusCode);
    }
}
