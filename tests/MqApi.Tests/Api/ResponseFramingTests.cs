using System.Net;
using System.Net.Http.Json;
using System.Text;
using MqApi.Tests.TestInfrastructure;
using static MqApi.Tests.TestInfrastructure.ApiRequests;

namespace MqApi.Tests.Api;

/// <summary>
/// How the answers of the hot paths are framed on a real socket (see <see cref="KestrelFixture"/>): with a
/// Content-Length, not chunked, so each leaves the server in one write.
/// </summary>
public sealed class ResponseFramingTests(KestrelFixture fixture) : IClassFixture<KestrelFixture>
{
    private readonly HttpClient _client = fixture.CreateGuestClient();

    [Fact]
    public async Task PublishAnswerCarriesItsContentLengthAndIsNotChunked()
    {
        var vhost = await _client.CreateVhostAsync();
        await _client.DeclareQueueAsync(vhost, "q", durable: true);

        var response = await _client.PostAsJsonAsync(Path("exchanges", vhost, "amq.default", "publish"),
            new { routing_key = "q", payload = "sized", payload_encoding = "string", properties = new { delivery_mode = 2 } });

        await AssertSizedJsonAsync(response, "{\"routed\":true}");
    }

    [Fact]
    public async Task BatchPublishAnswerCarriesItsContentLengthAndIsNotChunked()
    {
        var vhost = await _client.CreateVhostAsync();
        await _client.DeclareQueueAsync(vhost, "q", durable: true);

        var response = await _client.PostAsJsonAsync(Path("exchanges", vhost, "amq.default", "publish-batch"),
            new { messages = new[] { new { routing_key = "q", payload = "one", payload_encoding = "string" } } });

        await AssertSizedJsonAsync(response, "{\"results\":[{\"routed\":true}]}");
    }

    [Fact]
    public async Task LeaseAckAnswerCarriesItsContentLengthAndIsNotChunked()
    {
        var vhost = await _client.CreateVhostAsync();
        await _client.DeclareQueueAsync(vhost, "q", durable: true);
        await _client.PublishAsync(vhost, "amq.default", "q", "leased");
        var leased = await _client.GetMessagesAsync(vhost, "q", new { count = 1, ackmode = "lease", lease_ms = 30_000, encoding = "auto" });

        var response = await _client.PostAsJsonAsync(Path("queues", vhost, "q", "ack"),
            new { delivery_tags = new[] { leased[0].GetProperty("delivery_tag").GetInt64() } });

        await AssertSizedJsonAsync(response, "{\"settled\":1}");
    }

    private static async Task AssertSizedJsonAsync(HttpResponseMessage response, string expectedBody)
    {
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.NotEqual(true, response.Headers.TransferEncodingChunked);
        var body = await response.Content.ReadAsByteArrayAsync();
        Assert.Equal(expectedBody, Encoding.UTF8.GetString(body));
        Assert.Equal(body.Length, response.Content.Headers.ContentLength);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
    }
}
