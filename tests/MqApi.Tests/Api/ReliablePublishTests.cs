using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using MqApi.Tests.TestInfrastructure;

namespace MqApi.Tests.Api;

public sealed class ReliablePublishTests : IAsyncLifetime
{
    private readonly MqApiFactory _factory = new();
    private HttpClient _client = null!;

    public Task InitializeAsync()
    {
        _client = _factory.CreateGuestClient();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _factory.DisposeAsync();

    [Fact]
    public async Task RetriedPublishWithinTheDeduplicationWindowIsStoredOnceAndAnsweredAsDuplicate()
    {
        await _client.DeclareQueueAsync("orders", new { durable = true, arguments = new Dictionary<string, object> { ["x-deduplication-window"] = 60_000 } });

        var first = await (await _client.PublishAsync("", "orders", "order-1", new { delivery_mode = 2, message_id = "m-1" })).Content.ReadFromJsonAsync<JsonElement>();
        var retry = await (await _client.PublishAsync("", "orders", "order-1", new { delivery_mode = 2, message_id = "m-1" })).Content.ReadFromJsonAsync<JsonElement>();

        Assert.True(first.GetProperty("routed").GetBoolean());
        Assert.False(first.TryGetProperty("duplicate", out _));
        Assert.True(retry.GetProperty("routed").GetBoolean());
        Assert.True(retry.GetProperty("duplicate").GetBoolean());
        Assert.Equal(["order-1"], await _client.DrainAsync("orders"));
    }

    [Fact]
    public async Task PublishAfterTheDeduplicationWindowIsStoredAgain()
    {
        await _client.DeclareQueueAsync("orders", new { durable = true, arguments = new Dictionary<string, object> { ["x-deduplication-window"] = 100 } });
        await _client.PublishAsync("", "orders", "first", new { delivery_mode = 2, message_id = "m-1" });

        await Task.Delay(250);
        var later = await (await _client.PublishAsync("", "orders", "second", new { delivery_mode = 2, message_id = "m-1" })).Content.ReadFromJsonAsync<JsonElement>();

        Assert.False(later.TryGetProperty("duplicate", out _));
        Assert.Equal(["first", "second"], await _client.DrainAsync("orders"));
    }

    [Fact]
    public async Task MessagesWithoutMessageIdAreNeverDeduplicated()
    {
        await _client.DeclareQueueAsync("orders", new { durable = true, arguments = new Dictionary<string, object> { ["x-deduplication-window"] = 60_000 } });

        await _client.PublishAsync("", "orders", "a");
        await _client.PublishAsync("", "orders", "a");

        Assert.Equal(["a", "a"], await _client.DrainAsync("orders"));
    }

    [Fact]
    public async Task BatchPublishKeepsOrderAndReportsEachMessage()
    {
        await _client.DeclareQueueAsync("batch", new { durable = true, arguments = new Dictionary<string, object> { ["x-deduplication-window"] = 60_000 } });
        var messages = Enumerable.Range(1, 50).Select(i => new { routing_key = "batch", payload = $"m{i}", properties = new { delivery_mode = 2, message_id = $"id-{i}" } })
            .Append(new { routing_key = "batch", payload = "again", properties = new { delivery_mode = 2, message_id = "id-1" } })
            .Append(new { routing_key = "nowhere", payload = "lost", properties = new { delivery_mode = 2, message_id = "id-x" } })
            .ToArray();

        var response = await _client.PostAsJsonAsync("/api/exchanges/%2F/amq.default/publish-batch", new { messages });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var results = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("results").EnumerateArray().ToArray();
        Assert.Equal(52, results.Length);
        Assert.All(results[..50], r => Assert.True(r.GetProperty("routed").GetBoolean()));
        Assert.True(results[50].GetProperty("duplicate").GetBoolean());
        Assert.False(results[51].GetProperty("routed").GetBoolean());
        Assert.Equal(Enumerable.Range(1, 50).Select(i => $"m{i}"), await _client.DrainAsync("batch"));
    }

    [Fact]
    public async Task MalformedBatchIsRefusedWholeAndStoresNothing()
    {
        await _client.DeclareQueueAsync("batch");

        var response = await _client.PostAsJsonAsync("/api/exchanges/%2F/amq.default/publish-batch", new
        {
            messages = new object[]
            {
                new { routing_key = "batch", payload = "fine" },
                new { routing_key = "batch", payload = "!!not base64!!", payload_encoding = "base64" },
            },
        });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Empty(await _client.DrainAsync("batch"));
    }

    [Fact]
    public async Task ConfirmedPersistentMessagesSurviveARestart()
    {
        await _client.DeclareQueueAsync("durable");
        var batch = Enumerable.Range(1, 200).Select(i => new { routing_key = "durable", payload = $"m{i}", properties = new { delivery_mode = 2 } }).ToArray();
        (await _client.PostAsJsonAsync("/api/exchanges/%2F/amq.default/publish-batch", new { messages = batch })).EnsureSuccessStatusCode();
        Assert.Equal(200, (await _client.DrainAsync("durable")).Length);
        (await _client.PostAsJsonAsync("/api/exchanges/%2F/amq.default/publish-batch", new { messages = batch })).EnsureSuccessStatusCode();

        await using var restarted = await _factory.RestartAsync();

        Assert.Equal(Enumerable.Range(1, 200).Select(i => $"m{i}"), await restarted.CreateGuestClient().DrainAsync("durable"));
    }
}
