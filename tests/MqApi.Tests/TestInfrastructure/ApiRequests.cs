using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace MqApi.Tests.TestInfrastructure;

/// <summary>
/// Short ways to make the management API calls tests repeat. Helpers that set up a test assert their
/// own success, so a failing arrangement shows where it failed rather than in a later assertion.
/// </summary>
public static class ApiRequests
{
    /// <summary><c>/api/</c> and the segments, each percent-encoded as one path segment (<c>/</c> becomes <c>%2F</c>).</summary>
    public static string Path(params string[] segments) => "/api/" + string.Join('/', segments.Select(Uri.EscapeDataString));

    public static string UniqueName(string prefix) => $"{prefix}-{Guid.NewGuid():N}";

    public static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    /// <summary>Creates a vhost of the test's own (guest gets full permissions on it) and returns its name.</summary>
    public static async Task<string> CreateVhostAsync(this HttpClient client, string? name = null)
    {
        var vhost = name ?? UniqueName("vhost");
        var response = await client.PutAsync(Path("vhosts", vhost), Json("{}"));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return vhost;
    }

    public static async Task DeclareQueueAsync(this HttpClient client, string vhost, string queue, bool durable = false)
    {
        var response = await client.PutAsJsonAsync(Path("queues", vhost, queue), new { durable });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }

    public static async Task DeclareExchangeAsync(this HttpClient client, string vhost, string exchange, string type = "direct", bool durable = false)
    {
        var response = await client.PutAsJsonAsync(Path("exchanges", vhost, exchange), new { type, durable });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }

    public static async Task BindQueueAsync(this HttpClient client, string vhost, string exchange, string queue, string routingKey, object? arguments = null)
    {
        var response = await client.PostAsJsonAsync(Path("bindings", vhost, "e", exchange, "q", queue), new { routing_key = routingKey, arguments = arguments ?? new { } });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }

    /// <summary>Publishes through an exchange (<c>""</c> is the default exchange) and returns whether the message was routed.</summary>
    public static async Task<bool> PublishAsync(
        this HttpClient client, string vhost, string exchange, string routingKey, string payload,
        int deliveryMode = 1, string payloadEncoding = "string")
    {
        var response = await client.PostAsJsonAsync(
            Path("exchanges", vhost, exchange.Length == 0 ? "amq.default" : exchange, "publish"),
            new { routing_key = routingKey, payload, payload_encoding = payloadEncoding, properties = new { delivery_mode = deliveryMode } });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("routed").GetBoolean();
    }

    /// <summary>POST .../get with the given body; asserts 200 and returns the messages.</summary>
    public static async Task<JsonElement[]> GetMessagesAsync(this HttpClient client, string vhost, string queue, object request)
    {
        var response = await client.PostAsJsonAsync(Path("queues", vhost, queue, "get"), request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return [.. (await response.Content.ReadFromJsonAsync<JsonElement>()).EnumerateArray()];
    }

    public static Task<JsonElement[]> GetMessagesAsync(this HttpClient client, string vhost, string queue, string ackmode, int count = 1) =>
        client.GetMessagesAsync(vhost, queue, new { count, ackmode, encoding = "auto" });

    public static async Task<JsonElement> GetJsonAsync(this HttpClient client, string path)
    {
        var response = await client.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    public static async Task<QueueCounts> GetQueueCountsAsync(this HttpClient client, string vhost, string queue)
    {
        var json = await client.GetJsonAsync(Path("queues", vhost, queue));
        return new QueueCounts(
            json.GetProperty("messages").GetInt32(), json.GetProperty("messages_ready").GetInt32(),
            json.GetProperty("messages_unacknowledged").GetInt32(), json.GetProperty("consumers").GetInt32());
    }

    /// <summary>Asserts an error answer: the status, a JSON body, and <c>error</c> and <c>reason</c> both strings. Returns the reason.</summary>
    public static async Task<string> AssertErrorAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(status == response.StatusCode, $"expected {(int)status} {status}, got {(int)response.StatusCode} {response.StatusCode}: {text}");
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        var body = JsonDocument.Parse(text).RootElement;
        Assert.Equal(JsonValueKind.String, body.GetProperty("error").ValueKind);
        Assert.Equal(JsonValueKind.String, body.GetProperty("reason").ValueKind);
        return body.GetProperty("reason").GetString()!;
    }
}

/// <summary>A queue's counters as GET /api/queues/{vhost}/{name} shows them.</summary>
public readonly record struct QueueCounts(int Messages, int Ready, int Unacknowledged, int Consumers);
