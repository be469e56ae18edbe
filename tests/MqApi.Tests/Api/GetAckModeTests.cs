using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using MqApi.Tests.TestInfrastructure;
using static MqApi.Tests.TestInfrastructure.ApiRequests;

namespace MqApi.Tests.Api;

/// <summary>POST /api/queues/{vhost}/{name}/get: the four ackmodes, count, message_count, encodings and truncate.</summary>
public sealed class GetAckModeTests(MqApiFixture fixture) : IClassFixture<MqApiFixture>
{
    private readonly HttpClient _client = fixture.Factory.CreateGuestClient();

    [Theory]
    [InlineData("ack_requeue_true")]
    [InlineData("reject_requeue_true")]
    [InlineData("ack_requeue_false")]
    [InlineData("reject_requeue_false")]
    public async Task FirstGetShowsTheMessageNotRedeliveredWithDeliveryCountZero(string ackmode)
    {
        var (vhost, queue) = await QueueWithMessagesAsync("first");

        var messages = await _client.GetMessagesAsync(vhost, queue, ackmode);

        var message = Assert.Single(messages);
        Assert.Equal("first", message.GetProperty("payload").GetString());
        Assert.False(message.GetProperty("redelivered").GetBoolean());
        Assert.Equal(0, DeliveryCount(message));
    }

    [Theory]
    [InlineData("ack_requeue_true")]
    [InlineData("reject_requeue_true")]
    public async Task RequeueingAckmodeLeavesTheMessageToComeBackRedeliveredWithDeliveryCountOne(string ackmode)
    {
        var (vhost, queue) = await QueueWithMessagesAsync("kept");
        await _client.GetMessagesAsync(vhost, queue, ackmode);

        var again = await _client.GetMessagesAsync(vhost, queue, "ack_requeue_false");

        var message = Assert.Single(again);
        Assert.Equal("kept", message.GetProperty("payload").GetString());
        Assert.True(message.GetProperty("redelivered").GetBoolean());
        Assert.Equal(1, DeliveryCount(message));
    }

    [Theory]
    [InlineData("ack_requeue_true")]
    [InlineData("reject_requeue_true")]
    public async Task RequeueingAckmodeLeavesTheMessageReadyInTheQueue(string ackmode)
    {
        var (vhost, queue) = await QueueWithMessagesAsync("kept");

        await _client.GetMessagesAsync(vhost, queue, ackmode);

        Assert.Equal(new QueueCounts(1, 1, 0, 0), await _client.GetQueueCountsAsync(vhost, queue));
    }

    [Theory]
    [InlineData("ack_requeue_false")]
    [InlineData("reject_requeue_false")]
    public async Task SettlingAckmodeRemovesTheMessageFromTheQueue(string ackmode)
    {
        var (vhost, queue) = await QueueWithMessagesAsync("gone");

        await _client.GetMessagesAsync(vhost, queue, ackmode);

        Assert.Equal(new QueueCounts(0, 0, 0, 0), await _client.GetQueueCountsAsync(vhost, queue));
        Assert.Empty(await _client.GetMessagesAsync(vhost, queue, "ack_requeue_false"));
    }

    [Fact]
    public async Task RequeuedMessageCountsOneMoreDeliveryOnEveryGet()
    {
        var (vhost, queue) = await QueueWithMessagesAsync("again and again");

        var counts = new List<int>();
        for (var i = 0; i < 3; i++) counts.Add(DeliveryCount(Assert.Single(await _client.GetMessagesAsync(vhost, queue, "reject_requeue_true"))));

        Assert.Equal([0, 1, 2], counts);
    }

    [Fact]
    public async Task GetWithCountAboveOneReturnsThatManyMessagesInPublishOrder()
    {
        var (vhost, queue) = await QueueWithMessagesAsync("one", "two", "three");

        var messages = await _client.GetMessagesAsync(vhost, queue, "ack_requeue_false", count: 2);

        Assert.Equal(["one", "two"], messages.Select(m => m.GetProperty("payload").GetString()));
        Assert.Equal(new QueueCounts(1, 1, 0, 0), await _client.GetQueueCountsAsync(vhost, queue));
    }

    [Fact]
    public async Task GetWithCountAboveWhatIsQueuedReturnsOnlyWhatThereIs()
    {
        var (vhost, queue) = await QueueWithMessagesAsync("one", "two");

        var messages = await _client.GetMessagesAsync(vhost, queue, "ack_requeue_false", count: 5);

        Assert.Equal(["one", "two"], messages.Select(m => m.GetProperty("payload").GetString()));
    }

    [Fact]
    public async Task RequeueingGetOfSeveralMessagesKeepsThemInPublishOrder()
    {
        var (vhost, queue) = await QueueWithMessagesAsync("one", "two", "three");
        await _client.GetMessagesAsync(vhost, queue, "ack_requeue_true", count: 2);

        var messages = await _client.GetMessagesAsync(vhost, queue, "ack_requeue_false", count: 3);

        Assert.Equal(["one", "two", "three"], messages.Select(m => m.GetProperty("payload").GetString()));
        Assert.Equal([true, true, false], messages.Select(m => m.GetProperty("redelivered").GetBoolean()));
    }

    [Fact]
    public async Task GetFromAnEmptyQueueReturnsAnEmptyList()
    {
        var (vhost, queue) = await QueueWithMessagesAsync();

        var messages = await _client.GetMessagesAsync(vhost, queue, "ack_requeue_true");

        Assert.Empty(messages);
    }

    [Fact]
    public async Task GetFromAMissingQueueIsNotFound()
    {
        var vhost = await _client.CreateVhostAsync();

        var response = await _client.PostAsJsonAsync(Path("queues", vhost, "missing", "get"), new { count = 1, ackmode = "ack_requeue_true", encoding = "auto" });

        await AssertErrorAsync(response, HttpStatusCode.NotFound);
    }

    // RabbitMQ answers a get with basic.get_ok's message_count: the ready messages left behind each
    // one, counted before any of them is requeued.
    [Theory]
    [InlineData("ack_requeue_true")]
    [InlineData("reject_requeue_true")]
    [InlineData("ack_requeue_false")]
    [InlineData("reject_requeue_false")]
    public async Task MessageCountTellsHowManyReadyMessagesAreLeftBehindEachOne(string ackmode)
    {
        var (vhost, queue) = await QueueWithMessagesAsync("one", "two", "three", "four");

        var messages = await _client.GetMessagesAsync(vhost, queue, ackmode, count: 3);

        Assert.Equal([3, 2, 1], messages.Select(m => m.GetProperty("message_count").GetInt32()));
    }

    [Fact]
    public async Task GetShowsTheExchangeAndRoutingKeyTheMessageWasPublishedWith()
    {
        var (vhost, queue) = await QueueWithMessagesAsync();
        await _client.BindQueueAsync(vhost, "amq.direct", queue, "orders.new");
        await _client.PublishAsync(vhost, "amq.direct", "orders.new", "routed");

        var message = Assert.Single(await _client.GetMessagesAsync(vhost, queue, "ack_requeue_false"));

        Assert.Equal("amq.direct", message.GetProperty("exchange").GetString());
        Assert.Equal("orders.new", message.GetProperty("routing_key").GetString());
    }

    [Fact]
    public async Task AutoEncodingReturnsUtf8TextAsAString()
    {
        var (vhost, queue) = await QueueWithMessagesAsync("héllo ✓");

        var message = Assert.Single(await _client.GetMessagesAsync(vhost, queue, new { count = 1, ackmode = "ack_requeue_false", encoding = "auto" }));

        Assert.Equal("héllo ✓", message.GetProperty("payload").GetString());
        Assert.Equal("string", message.GetProperty("payload_encoding").GetString());
        Assert.Equal(Encoding.UTF8.GetByteCount("héllo ✓"), message.GetProperty("payload_bytes").GetInt32());
    }

    [Fact]
    public async Task Base64EncodingReturnsEvenTextAsBase64()
    {
        var (vhost, queue) = await QueueWithMessagesAsync("plain text");

        var message = Assert.Single(await _client.GetMessagesAsync(vhost, queue, new { count = 1, ackmode = "ack_requeue_false", encoding = "base64" }));

        Assert.Equal(Convert.ToBase64String(Encoding.UTF8.GetBytes("plain text")), message.GetProperty("payload").GetString());
        Assert.Equal("base64", message.GetProperty("payload_encoding").GetString());
    }

    [Fact]
    public async Task BinaryPayloadComesBackAsBase64UnderAutoEncoding()
    {
        var (vhost, queue) = await QueueWithMessagesAsync();
        var binary = Convert.ToBase64String(new byte[] { 0xFF, 0xFE, 0x00, 0x80, 0xC3 });
        await _client.PublishAsync(vhost, "", queue, binary, payloadEncoding: "base64");

        var message = Assert.Single(await _client.GetMessagesAsync(vhost, queue, new { count = 1, ackmode = "ack_requeue_false", encoding = "auto" }));

        Assert.Equal(binary, message.GetProperty("payload").GetString());
        Assert.Equal("base64", message.GetProperty("payload_encoding").GetString());
        Assert.Equal(5, message.GetProperty("payload_bytes").GetInt32());
    }

    [Fact]
    public async Task Base64PublishedTextComesBackDecodedUnderAutoEncoding()
    {
        var (vhost, queue) = await QueueWithMessagesAsync();
        await _client.PublishAsync(vhost, "", queue, Convert.ToBase64String(Encoding.UTF8.GetBytes("was base64")), payloadEncoding: "base64");

        var message = Assert.Single(await _client.GetMessagesAsync(vhost, queue, "ack_requeue_false"));

        Assert.Equal("was base64", message.GetProperty("payload").GetString());
        Assert.Equal("string", message.GetProperty("payload_encoding").GetString());
    }

    [Fact]
    public async Task Base64PayloadRoundTripsByteForByte()
    {
        var (vhost, queue) = await QueueWithMessagesAsync();
        var bytes = Enumerable.Range(0, 256).Select(i => (byte)i).ToArray();
        await _client.PublishAsync(vhost, "", queue, Convert.ToBase64String(bytes), payloadEncoding: "base64");

        var message = Assert.Single(await _client.GetMessagesAsync(vhost, queue, new { count = 1, ackmode = "ack_requeue_false", encoding = "base64" }));

        Assert.Equal(bytes, Convert.FromBase64String(message.GetProperty("payload").GetString()!));
        Assert.Equal(256, message.GetProperty("payload_bytes").GetInt32());
    }

    [Fact]
    public async Task TruncateShortensThePayloadWhilePayloadBytesTellsTheFullSize()
    {
        var (vhost, queue) = await QueueWithMessagesAsync("abcdefghij");

        var message = Assert.Single(await _client.GetMessagesAsync(vhost, queue, new { count = 1, ackmode = "ack_requeue_false", encoding = "auto", truncate = 4 }));

        Assert.Equal("abcd", message.GetProperty("payload").GetString());
        Assert.Equal(10, message.GetProperty("payload_bytes").GetInt32());
    }

    [Fact]
    public async Task TruncateLongerThanThePayloadReturnsItWhole()
    {
        var (vhost, queue) = await QueueWithMessagesAsync("short");

        var message = Assert.Single(await _client.GetMessagesAsync(vhost, queue, new { count = 1, ackmode = "ack_requeue_false", encoding = "auto", truncate = 50000 }));

        Assert.Equal("short", message.GetProperty("payload").GetString());
    }

    [Fact]
    public async Task TruncateAppliesToTheBytesBeforeBase64Encoding()
    {
        var (vhost, queue) = await QueueWithMessagesAsync("abcdefghij");

        var message = Assert.Single(await _client.GetMessagesAsync(vhost, queue, new { count = 1, ackmode = "ack_requeue_false", encoding = "base64", truncate = 3 }));

        Assert.Equal(Convert.ToBase64String("abc"u8), message.GetProperty("payload").GetString());
    }

    private async Task<(string Vhost, string Queue)> QueueWithMessagesAsync(params string[] payloads)
    {
        var vhost = await _client.CreateVhostAsync();
        var queue = UniqueName("queue");
        await _client.DeclareQueueAsync(vhost, queue);
        foreach (var payload in payloads) Assert.True(await _client.PublishAsync(vhost, "", queue, payload));
        return (vhost, queue);
    }

    private static int DeliveryCount(JsonElement message) =>
        message.GetProperty("properties").GetProperty("headers").GetProperty("x-delivery-count").GetInt32();
}
