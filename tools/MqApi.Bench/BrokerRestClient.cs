using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace MqApi.Bench;

/// <summary>
/// The REST calls the scenarios make, on the default vhost with basic credentials, over one pooled
/// HttpClient (HTTP/1.1 keep-alive, one connection per concurrent request). Publishes go to the default
/// exchange with the queue's name as routing key. Every request has a 30 s timeout. Only RabbitMQ's
/// management API is used, except for publish-batch, lease, ack and tokens (MqApi's own), so the same
/// client measures RabbitMQ's management HTTP API.
/// </summary>
internal sealed class BrokerRestClient : IDisposable
{
    private const string PublishPath = "api/exchanges/%2F/amq.default/publish";
    private const string PublishBatchPath = "api/exchanges/%2F/amq.default/publish-batch";
    private static readonly MediaTypeHeaderValue Json = new("application/json");

    private readonly HttpClient _http;

    public BrokerRestClient(Uri baseAddress, string user = "guest", string password = "guest")
    {
        var handler = new SocketsHttpHandler { MaxConnectionsPerServer = 256, PooledConnectionIdleTimeout = TimeSpan.FromMinutes(5) };
        _http = new HttpClient(handler) { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(30) };
        _http.DefaultRequestHeaders.Authorization = Basic(user, password);
    }

    public Uri BaseAddress => _http.BaseAddress!;

    /// <summary>guest/guest, which the server creates on first start and accepts from loopback.</summary>
    public static AuthenticationHeaderValue BasicGuest { get; } = Basic("guest", "guest");

    private static AuthenticationHeaderValue Basic(string user, string password) =>
        new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password}")));

    /// <summary>A bearer token from MqApi's <c>POST /api/tokens</c>, for clients that use accessTokenFactory.</summary>
    public async Task<string> CreateTokenAsync(CancellationToken cancellationToken)
    {
        using var response = await _http.PostAsync("api/tokens", null, cancellationToken);
        var body = JsonSerializer.Deserialize<JsonElement>(await ExpectAsync(response, HttpStatusCode.OK, cancellationToken));
        return body.GetProperty("access_token").GetString() ?? throw new InvalidOperationException("POST /api/tokens gave no access_token");
    }

    /// <summary>
    /// One <c>POST .../get</c> of up to <paramref name="count"/> messages with RabbitMQ's
    /// <paramref name="ackMode"/>, or MqApi's <c>lease</c>. Returns the messages' delivery tags
    /// (0 where the answer has none, as RabbitMQ's).
    /// </summary>
    public async Task<List<long>> GetAsync(string queue, int count, string ackMode, CancellationToken cancellationToken)
    {
        var request = ackMode == "lease"
            ? $"{{\"count\":{count},\"ackmode\":\"lease\",\"lease_ms\":60000,\"encoding\":\"auto\"}}"
            : $"{{\"count\":{count},\"ackmode\":\"{ackMode}\",\"encoding\":\"auto\",\"truncate\":50000}}";
        using var content = JsonContent(Encoding.UTF8.GetBytes(request));
        using var response = await _http.PostAsync(QueuePath(queue) + "/get", content, cancellationToken);
        var body = JsonSerializer.Deserialize<JsonElement>(await ExpectAsync(response, HttpStatusCode.OK, cancellationToken));
        var tags = new List<long>(body.GetArrayLength());
        foreach (var message in body.EnumerateArray())
            tags.Add(message.TryGetProperty("delivery_tag", out var tag) ? tag.GetInt64() : 0);
        return tags;
    }

    /// <summary>Settles leased messages with MqApi's <c>POST .../ack</c>.</summary>
    public async Task AckAsync(string queue, IReadOnlyCollection<long> deliveryTags, CancellationToken cancellationToken)
    {
        var request = JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, IReadOnlyCollection<long>> { ["delivery_tags"] = deliveryTags });
        using var content = JsonContent(request);
        using var response = await _http.PostAsync(QueuePath(queue) + "/ack", content, cancellationToken);
        await ExpectAsync(response, HttpStatusCode.OK, cancellationToken);
    }

    public async Task DeclareDurableQueueAsync(string queue, CancellationToken cancellationToken)
    {
        using var content = JsonContent("{\"durable\":true}"u8.ToArray());
        using var response = await _http.PutAsync(QueuePath(queue), content, cancellationToken);
        // 201 when created; RabbitMQ answers 204 when it already existed (not the case here, but harmless).
        if (response.StatusCode != HttpStatusCode.NoContent) await ExpectAsync(response, HttpStatusCode.Created, cancellationToken);
    }

    public async Task DeleteQueueAsync(string queue, CancellationToken cancellationToken)
    {
        using var response = await _http.DeleteAsync(QueuePath(queue), cancellationToken);
        await ExpectAsync(response, HttpStatusCode.NoContent, cancellationToken);
    }

    /// <summary>The queue's <c>messages_ready</c> and <c>messages_unacknowledged</c> counters.</summary>
    public async Task<(long Ready, long Unacknowledged)> CountMessagesAsync(string queue, CancellationToken cancellationToken)
    {
        using var response = await _http.GetAsync(QueuePath(queue), cancellationToken);
        var body = JsonSerializer.Deserialize<JsonElement>(await ExpectAsync(response, HttpStatusCode.OK, cancellationToken));
        return (body.GetProperty("messages_ready").GetInt64(), body.GetProperty("messages_unacknowledged").GetInt64());
    }

    /// <summary>Publishes one prepared body; true when the server confirmed it with 200 <c>{"routed":true}</c>.</summary>
    public Task<bool> PublishAsync(byte[] body, CancellationToken cancellationToken) => PostAsync(PublishPath, body, 1, cancellationToken);

    /// <summary>Publishes a prepared batch of <paramref name="count"/>; true when every message came back routed.</summary>
    public Task<bool> PublishBatchAsync(byte[] body, int count, CancellationToken cancellationToken) =>
        PostAsync(PublishBatchPath, body, count, cancellationToken);

    /// <summary>POST .../get with ackmode ack_requeue_false; returns how many messages came back.</summary>
    public async Task<int> GetAndAckAsync(string queue, int count, CancellationToken cancellationToken)
    {
        using var content = JsonContent(System.Text.Encoding.UTF8.GetBytes($"{{\"count\":{count},\"ackmode\":\"ack_requeue_false\",\"encoding\":\"auto\"}}"));
        using var response = await _http.PostAsync($"{QueuePath(queue)}/get", content, cancellationToken);
        var body = JsonSerializer.Deserialize<JsonElement>(await ExpectAsync(response, HttpStatusCode.OK, cancellationToken));
        return body.GetArrayLength();
    }

    public void Dispose() => _http.Dispose();

    private async Task<bool> PostAsync(string path, byte[] body, int expectedRouted, CancellationToken cancellationToken)
    {
        using var content = JsonContent(body);
        using var response = await _http.PostAsync(path, content, cancellationToken);
        var answer = await response.Content.ReadAsByteArrayAsync(cancellationToken);
        return response.StatusCode == HttpStatusCode.OK && BenchPayload.CountRouted(answer) == expectedRouted;
    }

    private static ByteArrayContent JsonContent(byte[] body)
    {
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = Json;
        return content;
    }

    private static string QueuePath(string queue) => $"api/queues/%2F/{Uri.EscapeDataString(queue)}";

    private static async Task<string> ExpectAsync(HttpResponseMessage response, HttpStatusCode expected, CancellationToken cancellationToken)
    {
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        if (response.StatusCode != expected)
            throw new InvalidOperationException($"{response.RequestMessage?.Method} {response.RequestMessage?.RequestUri?.PathAndQuery} answered {(int)response.StatusCode}, expected {(int)expected}: {text}");
        return text;
    }
}
