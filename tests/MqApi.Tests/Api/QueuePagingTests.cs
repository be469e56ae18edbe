using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using MqApi.Broker;
using MqApi.Tests.TestInfrastructure;

namespace MqApi.Tests.Api;

/// <summary>
/// A durable queue with more persistent messages than its memory window (Broker:QueueMemoryWindow):
/// the ones behind the window stay in SQLite and are paged back in order, and nothing else changes.
/// </summary>
public sealed class QueuePagingTests
{
    private const int Window = 50;
    private const int Backlog = 300;

    private static MqApiFactory CreateFactory() => new(new Dictionary<string, string?> { ["Broker:QueueMemoryWindow"] = Window.ToString() });

    [Fact]
    public async Task RestGetDrainsPagedQueueInPublishOrderExactlyOnce()
    {
        await using var factory = CreateFactory();
        var client = factory.CreateGuestClient();
        await client.DeclareQueueAsync("backlog");
        var published = await PublishBatchAsync(client, "backlog", Backlog);

        var drained = await DrainInStepsAsync(client, "backlog", count: 7);

        Assert.Equal(published, drained);
        Assert.Equal(0, (await RestQueues.GetAsync(factory, "backlog")).Messages);
    }

    [Fact]
    public async Task HubConsumerReceivesPagedMessagesInPublishOrderExactlyOnce()
    {
        await using var factory = CreateFactory();
        var client = factory.CreateGuestClient();
        await client.DeclareQueueAsync("consumed");
        var published = await PublishBatchAsync(client, "consumed", Backlog);
        await using var hub = await TestHubClient.ConnectAsync(factory);

        await hub.SubscribeAsync("consumed", prefetch: 20);
        var received = new List<string>();
        for (var i = 0; i < Backlog; i++)
        {
            var delivery = await hub.NextDeliveryAsync();
            received.Add(delivery.Payload);
            await hub.AckAsync(delivery.DeliveryTag);
        }

        Assert.Equal(published, received);
        Assert.True(await RestCalls.EventuallyAsync(async () => (await RestQueues.GetAsync(factory, "consumed")).Messages == 0));
    }

    [Fact]
    public async Task CountersIncludePagedMessagesWhileMemoryHoldsAtMostTheWindow()
    {
        await using var factory = CreateFactory();
        var client = factory.CreateGuestClient();
        await client.DeclareQueueAsync("counted");
        await PublishBatchAsync(client, "counted", Backlog);
        var queue = factory.Services.GetRequiredService<MessageBroker>().GetVhost("/").GetQueue("counted");

        var json = await client.GetJsonAsync("/api/queues/%2F/counted");
        Assert.Equal(Backlog, json.GetProperty("messages_ready").GetInt32());
        Assert.Equal(Backlog, json.GetProperty("messages").GetInt32());
        Assert.Equal(Backlog * 5L, json.GetProperty("message_bytes_ready").GetInt64());
        Assert.Equal(Window, queue.MessagesInMemory);

        for (var left = Backlog; left > 0; left -= 10)
        {
            var taken = await client.GetMessagesAsync("counted", new { count = 10, ackmode = "ack_requeue_false", encoding = "auto" });
            Assert.Equal(10, taken.Length);
            Assert.InRange(queue.MessagesInMemory, 0, Window);
            Assert.Equal(left - 10, (await RestQueues.GetAsync(factory, "counted")).MessagesReady);
        }
    }

    [Fact]
    public async Task RestartWithPagedMessagesResumesInOrderWithRedeliveredFlagsKept()
    {
        await using var first = CreateFactory();
        var client = first.CreateGuestClient();
        await client.DeclareQueueAsync("resumed");
        var published = await PublishBatchAsync(client, "resumed", Backlog);
        await client.GetMessagesAsync("resumed", new { count = 3, ackmode = "ack_requeue_true", encoding = "auto" });

        await using var second = await first.RestartAsync();
        var after = second.CreateGuestClient();
        var queue = second.Services.GetRequiredService<MessageBroker>().GetVhost("/").GetQueue("resumed");

        Assert.Equal(Backlog, (await RestQueues.GetAsync(second, "resumed")).MessagesReady);
        Assert.Equal(Window, queue.MessagesInMemory);
        var drained = new List<JsonElement>();
        while (drained.Count < Backlog)
        {
            var taken = await after.GetMessagesAsync("resumed", new { count = 9, ackmode = "ack_requeue_false", encoding = "auto" });
            Assert.NotEmpty(taken);
            drained.AddRange(taken);
        }
        Assert.Equal(published, drained.Select(m => m.GetProperty("payload").GetString()));
        Assert.Equal([.. Enumerable.Repeat(true, 3), .. Enumerable.Repeat(false, Backlog - 3)], drained.Select(m => m.GetProperty("redelivered").GetBoolean()));
    }

    [Fact]
    public async Task PurgeRemovesPagedMessagesForGood()
    {
        await using var first = CreateFactory();
        var client = first.CreateGuestClient();
        await client.DeclareQueueAsync("purged");
        await PublishBatchAsync(client, "purged", Backlog);

        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync("/api/queues/%2F/purged/contents")).StatusCode);
        var afterPurge = await PublishBatchAsync(client, "purged", 80, prefix: "after");

        Assert.Equal(80, (await RestQueues.GetAsync(first, "purged")).MessagesReady);
        await using var second = await first.RestartAsync();
        Assert.Equal(80, (await RestQueues.GetAsync(second, "purged")).MessagesReady);
        Assert.Equal(afterPurge, await DrainInStepsAsync(second.CreateGuestClient(), "purged", count: 30));
    }

    [Fact]
    public async Task DeletedQueueLeavesNoPagedMessagesBehind()
    {
        await using var first = CreateFactory();
        var client = first.CreateGuestClient();
        await client.DeclareQueueAsync("deleted");
        await PublishBatchAsync(client, "deleted", Backlog);

        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync("/api/queues/%2F/deleted")).StatusCode);
        await client.DeclareQueueAsync("deleted");

        await using var second = await first.RestartAsync();
        Assert.Equal(0, (await RestQueues.GetAsync(second, "deleted")).Messages);
        Assert.Empty(await second.CreateGuestClient().DrainAsync("deleted"));
    }

    [Fact]
    public async Task DropHeadQueueIsBoundedByItsMaxLengthInsteadOfPaging()
    {
        await using var factory = CreateFactory();
        var client = factory.CreateGuestClient();
        await client.DeclareQueueAsync("capped", new { durable = true, arguments = new Dictionary<string, object> { ["x-max-length"] = 100 } });

        var published = await PublishBatchAsync(client, "capped", Backlog);

        var queue = factory.Services.GetRequiredService<MessageBroker>().GetVhost("/").GetQueue("capped");
        Assert.Equal(100, queue.MessagesInMemory);
        Assert.Equal(100, (await RestQueues.GetAsync(factory, "capped")).MessagesReady);
        Assert.Equal(published[^100..], await DrainInStepsAsync(client, "capped", count: 11));
    }

    [Fact]
    public async Task RejectPublishCountsPagedMessagesTowardsMaxLength()
    {
        await using var factory = CreateFactory();
        var client = factory.CreateGuestClient();
        await client.DeclareQueueAsync("refusing", new { durable = true, arguments = new Dictionary<string, object> { ["x-max-length"] = 100, ["x-overflow"] = "reject-publish" } });

        var results = await PublishBatchResultsAsync(client, "refusing", [.. Enumerable.Range(0, 150).Select(i => Message($"m{i:D4}", null))]);

        Assert.Equal(50, results.Count(r => r.TryGetProperty("rejected", out var rejected) && rejected.ValueKind == JsonValueKind.True));
        Assert.Equal(100, (await RestQueues.GetAsync(factory, "refusing")).MessagesReady);
        Assert.Equal(Enumerable.Range(0, 100).Select(i => $"m{i:D4}"), await DrainInStepsAsync(client, "refusing", count: 13));
    }

    [Fact]
    public async Task TransientMessagePublishedBehindPagedOnesIsDeliveredInPublishOrder()
    {
        await using var factory = CreateFactory();
        var client = factory.CreateGuestClient();
        await client.DeclareQueueAsync("mixed");
        var persistent = await PublishBatchAsync(client, "mixed", 120);
        await client.PublishAsync("", "mixed", "transient", new { });
        var more = await PublishBatchAsync(client, "mixed", 30, prefix: "late");

        var drained = await DrainInStepsAsync(client, "mixed", count: 17);

        Assert.Equal([.. persistent, "transient", .. more], drained);
    }

    [Fact]
    public async Task DeduplicationWindowRecognisesIdsOfPagedMessagesAlsoAfterRestart()
    {
        await using var first = CreateFactory();
        var client = first.CreateGuestClient();
        await client.DeclareQueueAsync("deduplicated", new { durable = true, arguments = new Dictionary<string, object> { ["x-deduplication-window"] = 3_600_000 } });
        await PublishBatchResultsAsync(client, "deduplicated", [.. Enumerable.Range(0, 200).Select(i => Message($"m{i}", $"id-{i}"))]);

        var again = await PublishBatchResultsAsync(client, "deduplicated", [Message("again", "id-150")]);
        await using var second = await first.RestartAsync();
        var afterRestart = await PublishBatchResultsAsync(second.CreateGuestClient(), "deduplicated", [Message("again", "id-180"), Message("new", "id-new")]);

        Assert.True(again[0].GetProperty("duplicate").GetBoolean());
        Assert.True(afterRestart[0].GetProperty("duplicate").GetBoolean());
        Assert.False(afterRestart[1].TryGetProperty("duplicate", out var fresh) && fresh.ValueKind == JsonValueKind.True);
        Assert.Equal(201, (await RestQueues.GetAsync(second, "deduplicated")).MessagesReady);
    }

    [Fact]
    public async Task PriorityQueueKeepsEveryMessageInMemoryAndItsPriorityOrder()
    {
        await using var factory = CreateFactory();
        var client = factory.CreateGuestClient();
        await client.DeclareQueueAsync("ranked", new { durable = true, arguments = new Dictionary<string, object> { ["x-max-priority"] = 5 } });
        var messages = Enumerable.Range(0, 120).Select(i => new { routing_key = "ranked", payload = $"p{i % 3}-{i:D4}", payload_encoding = "string", properties = new { delivery_mode = 2, priority = i % 3 } }).ToArray();
        (await client.PostAsJsonAsync("/api/exchanges/%2F/amq.default/publish-batch", new { messages })).EnsureSuccessStatusCode();
        var queue = factory.Services.GetRequiredService<MessageBroker>().GetVhost("/").GetQueue("ranked");

        Assert.Equal(120, queue.MessagesInMemory);
        var drained = await DrainInStepsAsync(client, "ranked", count: 25);
        Assert.Equal(messages.Select(m => m.payload).OrderByDescending(p => p[1]).ThenBy(p => p, StringComparer.Ordinal), drained);
    }

    [Fact]
    public async Task PagedMessagesExpireOnceTheyReachTheHead()
    {
        await using var factory = CreateFactory();
        var client = factory.CreateGuestClient();
        await client.DeclareQueueAsync("expiring", new { durable = true, arguments = new Dictionary<string, object> { ["x-message-ttl"] = 1 } });

        await PublishBatchAsync(client, "expiring", 200);

        Assert.True(await RestCalls.EventuallyAsync(async () => (await RestQueues.GetAsync(factory, "expiring")).Messages == 0, TimeSpan.FromSeconds(30)));
        await using var restarted = await factory.RestartAsync();
        Assert.Equal(0, (await RestQueues.GetAsync(restarted, "expiring")).Messages);
    }

    private static object Message(string payload, string? messageId) => new
    {
        routing_key = "",
        payload,
        payload_encoding = "string",
        properties = messageId is null ? (object)new { delivery_mode = 2 } : new { delivery_mode = 2, message_id = messageId },
    };

    /// <summary>Publishes persistent messages through the default exchange in one batch; returns their payloads in order.</summary>
    private static async Task<List<string>> PublishBatchAsync(HttpClient client, string queue, int count, string prefix = "m")
    {
        var payloads = Enumerable.Range(0, count).Select(i => $"{prefix}{i:D4}").ToList();
        var messages = payloads.Select(p => new { routing_key = queue, payload = p, payload_encoding = "string", properties = new { delivery_mode = 2 } });
        (await client.PostAsJsonAsync("/api/exchanges/%2F/amq.default/publish-batch", new { messages })).EnsureSuccessStatusCode();
        return payloads;
    }

    private static async Task<JsonElement[]> PublishBatchResultsAsync(HttpClient client, string queue, object[] messages)
    {
        var routed = messages.Select(m => JsonSerializer.SerializeToElement(m)).Select(m => new
        {
            routing_key = queue,
            payload = m.GetProperty("payload").GetString(),
            payload_encoding = "string",
            properties = m.GetProperty("properties"),
        });
        var response = await client.PostAsJsonAsync("/api/exchanges/%2F/amq.default/publish-batch", new { messages = routed });
        response.EnsureSuccessStatusCode();
        var json = await response.Content.ReadFromJsonAsync<JsonElement>();
        return [.. json.GetProperty("results").EnumerateArray()];
    }

    /// <summary>Gets (and acks) <paramref name="count"/> at a time until a get comes back empty; the payloads in order.</summary>
    private static async Task<List<string>> DrainInStepsAsync(HttpClient client, string queue, int count)
    {
        var drained = new List<string>();
        while (true)
        {
            var taken = await client.GetMessagesAsync(queue, new { count, ackmode = "ack_requeue_false", encoding = "auto" });
            if (taken.Length == 0) return drained;
            drained.AddRange(taken.Select(m => m.GetProperty("payload").GetString() ?? ""));
        }
    }
}
