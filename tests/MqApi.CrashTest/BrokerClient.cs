using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace MqApi.CrashTest;

/// <summary>
/// The few REST calls the crash rounds make, on the default vhost as guest. A call that does not get
/// the answer it expects throws <see cref="UnexpectedAnswerException"/>; a call cut off by the kill
/// throws what HttpClient throws (<see cref="HttpRequestException"/>).
/// </summary>
internal sealed class BrokerClient(HttpClient http) : IDisposable
{
    public async Task DeclareDurableQueueAsync(string queue, CancellationToken cancellationToken)
    {
        using var response = await http.PutAsJsonAsync(QueuePath(queue), new { durable = true }, cancellationToken);
        await ExpectAsync(response, HttpStatusCode.Created, cancellationToken);
    }

    /// <summary>Publishes a persistent message to <paramref name="queue"/> with <paramref name="id"/> as both payload and message_id.</summary>
    /// <returns>Normally only once the server confirmed it: 200 <c>{"routed":true}</c>.</returns>
    public async Task PublishPersistentAsync(string queue, string id, CancellationToken cancellationToken)
    {
        var request = new
        {
            properties = new { delivery_mode = 2, message_id = id },
            routing_key = queue,
            payload = id,
            payload_encoding = "string",
        };
        using var response = await http.PostAsJsonAsync("api/exchanges/%2F/amq.default/publish", request, cancellationToken);
        var body = await ExpectAsync(response, HttpStatusCode.OK, cancellationToken);
        if (!body.TryGetProperty("routed", out var routed) || !routed.GetBoolean())
            throw new UnexpectedAnswerException($"publish of {id} answered {body}, not {{\"routed\":true}}");
    }

    /// <summary>A get with ackmode ack_requeue_false: the returned messages are gone from the queue.</summary>
    public async Task<List<ReceivedMessage>> GetAndAckAsync(string queue, int count, CancellationToken cancellationToken)
    {
        var request = new { count, ackmode = "ack_requeue_false", encoding = "auto" };
        return await GetAsync(queue, request, cancellationToken);
    }

    /// <summary>A get with ackmode lease: each returned message has a delivery tag and stays invisible to others until acked or its lease runs out.</summary>
    public async Task<List<ReceivedMessage>> LeaseAsync(string queue, int count, int leaseMs, CancellationToken cancellationToken)
    {
        var request = new { count, ackmode = "lease", lease_ms = leaseMs, encoding = "auto" };
        var messages = await GetAsync(queue, request, cancellationToken);
        if (messages.FirstOrDefault(m => m.DeliveryTag is null) is { } untagged)
            throw new UnexpectedAnswerException($"a leased get returned {untagged.Payload} without a delivery_tag");
        return messages;
    }

    /// <summary>Acks leased messages by delivery tag; returns only once the server answered 200, that is once the acks are stored.</summary>
    public async Task AckAsync(string queue, IReadOnlyCollection<long> deliveryTags, CancellationToken cancellationToken)
    {
        using var response = await http.PostAsJsonAsync($"{QueuePath(queue)}/ack", new { delivery_tags = deliveryTags }, cancellationToken);
        var body = await ExpectAsync(response, HttpStatusCode.OK, cancellationToken);
        if (!body.TryGetProperty("settled", out var settled) || settled.GetInt32() != deliveryTags.Count)
            throw new UnexpectedAnswerException($"an ack of {deliveryTags.Count} delivery tags answered {body}");
    }

    /// <summary>Gets (and acks) until a get comes back empty.</summary>
    public async Task<List<ReceivedMessage>> DrainAsync(string queue, CancellationToken cancellationToken)
    {
        var drained = new List<ReceivedMessage>();
        while (await GetAndAckAsync(queue, 1000, cancellationToken) is { Count: > 0 } batch) drained.AddRange(batch);
        return drained;
    }

    /// <summary>The queue's <c>messages</c> counter (ready + unacknowledged).</summary>
    public async Task<long> CountMessagesAsync(string queue, CancellationToken cancellationToken)
    {
        using var response = await http.GetAsync(QueuePath(queue), cancellationToken);
        var body = await ExpectAsync(response, HttpStatusCode.OK, cancellationToken);
        return body.GetProperty("messages").GetInt64();
    }

    public void Dispose() => http.Dispose();

    private async Task<List<ReceivedMessage>> GetAsync(string queue, object request, CancellationToken cancellationToken)
    {
        using var response = await http.PostAsJsonAsync($"{QueuePath(queue)}/get", request, cancellationToken);
        var body = await ExpectAsync(response, HttpStatusCode.OK, cancellationToken);
        return [.. body.EnumerateArray().Select(ReceivedMessage.FromJson)];
    }

    private static string QueuePath(string queue) => $"api/queues/%2F/{Uri.EscapeDataString(queue)}";

    private static async Task<JsonElement> ExpectAsync(HttpResponseMessage response, HttpStatusCode expected, CancellationToken cancellationToken)
    {
        // The body is buffered already (HttpCompletionOption.ResponseContentRead), so reading it cannot be cut off.
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        if (response.StatusCode != expected)
            throw new UnexpectedAnswerException($"{response.RequestMessage?.Method} {response.RequestMessage?.RequestUri?.PathAndQuery} answered {(int)response.StatusCode}, expected {(int)expected}: {text}");
        return text.Length == 0 ? default : JsonSerializer.Deserialize<JsonElement>(text);
    }
}

/// <summary>
/// A message as a get returned it: its payload, its message_id property, whether the server marked it
/// redelivered (with its x-delivery-count header), and its delivery tag when it was leased.
/// </summary>
internal sealed record ReceivedMessage(string Payload, string? MessageId, bool Redelivered, long DeliveryCount, long? DeliveryTag)
{
    public static ReceivedMessage FromJson(JsonElement message)
    {
        var properties = message.GetProperty("properties");
        return new ReceivedMessage(
            message.GetProperty("payload").GetString() ?? "",
            properties.TryGetProperty("message_id", out var id) ? id.GetString() : null,
            message.GetProperty("redelivered").GetBoolean(),
            properties.TryGetProperty("headers", out var headers) && headers.TryGetProperty("x-delivery-count", out var count) ? count.GetInt64() : -1,
            message.TryGetProperty("delivery_tag", out var tag) ? tag.GetInt64() : null);
    }
}

/// <summary>The server answered, but not what the crash test expects of it.</summary>
internal sealed class UnexpectedAnswerException(string message) : Exception(message);
