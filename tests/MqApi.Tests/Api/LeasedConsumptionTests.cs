using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using MqApi.Tests.TestInfrastructure;

namespace MqApi.Tests.Api;

public sealed class LeasedConsumptionTests : IAsyncLifetime
{
    private readonly MqApiFactory _factory = new();
    private HttpClient _client = null!;

    public async Task InitializeAsync()
    {
        _client = _factory.CreateGuestClient();
        await _client.DeclareQueueAsync("jobs");
    }

    public async Task DisposeAsync() => await _factory.DisposeAsync();

    private Task<JsonElement[]> LeaseAsync(int leaseMs, int count = 1, int waitMs = 0) =>
        _client.GetMessagesAsync("jobs", new { count, ackmode = "lease", lease_ms = leaseMs, wait_ms = waitMs, encoding = "auto" });

    private Task<HttpResponseMessage> SettleAsync(string verb, object body) => _client.PostAsJsonAsync($"/api/queues/%2F/jobs/{verb}", body);

    [Fact]
    public async Task LeasedMessageIsInvisibleToOthersUntilAcked()
    {
        await _client.PublishAsync("", "jobs", "job");

        var leased = Assert.Single(await LeaseAsync(30_000));
        var meanwhile = await LeaseAsync(30_000);
        var ack = await SettleAsync("ack", new { delivery_tags = new[] { leased.GetProperty("delivery_tag").GetInt64() } });

        Assert.Empty(meanwhile);
        Assert.Equal(HttpStatusCode.OK, ack.StatusCode);
        var queue = await _client.GetJsonAsync("/api/queues/%2F/jobs");
        Assert.Equal(0, queue.GetProperty("messages").GetInt32());
    }

    [Fact]
    public async Task ExpiredLeaseComesBackRedeliveredAndItsLateAckIsRefused()
    {
        await _client.PublishAsync("", "jobs", "job");
        var first = Assert.Single(await LeaseAsync(50));

        var again = Assert.Single(await LeaseAsync(30_000, waitMs: 5_000));
        var lateAck = await SettleAsync("ack", new { delivery_tags = new[] { first.GetProperty("delivery_tag").GetInt64() } });

        Assert.True(again.GetProperty("redelivered").GetBoolean());
        Assert.Equal(1, again.GetProperty("properties").GetProperty("headers").GetProperty("x-delivery-count").GetInt32());
        Assert.Equal(HttpStatusCode.BadRequest, lateAck.StatusCode);
        Assert.Contains(first.GetProperty("delivery_tag").GetInt64().ToString(), (await lateAck.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("reason").GetString());
        Assert.Equal(1, (await _client.GetJsonAsync("/api/queues/%2F/jobs")).GetProperty("messages_unacknowledged").GetInt32());
    }

    [Fact]
    public async Task NackWithRequeuePutsTheMessageBackAndWithoutRequeueDropsIt()
    {
        await _client.PublishAsync("", "jobs", "job");
        var first = Assert.Single(await LeaseAsync(30_000));

        var requeued = await SettleAsync("nack", new { delivery_tags = new[] { first.GetProperty("delivery_tag").GetInt64() }, requeue = true });
        var second = Assert.Single(await LeaseAsync(30_000));
        var dropped = await SettleAsync("nack", new { delivery_tags = new[] { second.GetProperty("delivery_tag").GetInt64() }, requeue = false });

        Assert.Equal(HttpStatusCode.OK, requeued.StatusCode);
        Assert.True(second.GetProperty("redelivered").GetBoolean());
        Assert.Equal(HttpStatusCode.OK, dropped.StatusCode);
        Assert.Equal(0, (await _client.GetJsonAsync("/api/queues/%2F/jobs")).GetProperty("messages").GetInt32());
    }

    [Fact]
    public async Task LongPollWaitsForAMessagePublishedLater()
    {
        var waiting = LeaseAsync(30_000, waitMs: 10_000);
        await Task.Delay(100);

        await _client.PublishAsync("", "jobs", "late");

        var leased = Assert.Single(await waiting.WaitAsync(TestTimeouts.Delivery));
        Assert.Equal("late", leased.GetProperty("payload").GetString());
    }

    [Fact]
    public async Task SettlingUnknownTagsNamesThemAndStillSettlesTheRest()
    {
        await _client.PublishAsync("", "jobs", "job");
        var leased = Assert.Single(await LeaseAsync(30_000));

        var response = await SettleAsync("ack", new { delivery_tags = new[] { leased.GetProperty("delivery_tag").GetInt64(), 987654 } });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("987654", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("reason").GetString());
        Assert.Equal(0, (await _client.GetJsonAsync("/api/queues/%2F/jobs")).GetProperty("messages").GetInt32());
    }

    [Theory]
    [InlineData(0, 0)]
    [InlineData(1000, 20_001)]
    [InlineData(1000, -1)]
    public async Task BadLeaseArgumentsAreRefused(int leaseMs, int waitMs)
    {
        var response = await _client.PostAsJsonAsync("/api/queues/%2F/jobs/get", new { count = 1, ackmode = "lease", lease_ms = leaseMs, wait_ms = waitMs });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task AckedLeaseDoesNotComeBackAfterRestartButAnOpenOneDoes()
    {
        await _client.PublishAsync("", "jobs", "acked");
        await _client.PublishAsync("", "jobs", "open");
        var leased = await LeaseAsync(60_000, count: 2);
        await SettleAsync("ack", new { delivery_tags = new[] { leased[0].GetProperty("delivery_tag").GetInt64() } });

        await using var restarted = await _factory.RestartAsync();

        var after = await restarted.CreateGuestClient().GetMessagesAsync("jobs", new { count = 10, ackmode = "ack_requeue_false" });
        var message = Assert.Single(after);
        Assert.Equal("open", message.GetProperty("payload").GetString());
        Assert.True(message.GetProperty("redelivered").GetBoolean());
    }

    [Fact]
    public async Task LeaseIsAnsweredOnlyOnceItsDeliveryIsStored()
    {
        // A crash right after the answer must bring the message back redelivered, so its delivery
        // count has to be stored before the answer. Holding SQLite's write lock holds that write back.
        await _client.PublishAsync("", "jobs", "job");
        await using var blocker = new SqliteConnection($"Data Source={_factory.DatabasePath}");
        await blocker.OpenAsync();
        await using var writeLock = blocker.CreateCommand();
        writeLock.CommandText = "BEGIN IMMEDIATE";
        await writeLock.ExecuteNonQueryAsync();

        var lease = LeaseAsync(30_000);
        var answeredWhileBlocked = await Task.WhenAny(lease, Task.Delay(TimeSpan.FromMilliseconds(500))) == lease;
        writeLock.CommandText = "ROLLBACK";
        await writeLock.ExecuteNonQueryAsync();

        Assert.False(answeredWhileBlocked);
        var leased = Assert.Single(await lease.WaitAsync(TestTimeouts.Delivery));
        Assert.Equal(0, leased.GetProperty("properties").GetProperty("headers").GetProperty("x-delivery-count").GetInt32());
    }
}
