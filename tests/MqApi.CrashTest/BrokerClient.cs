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
        using var response = await http.PostAsJsonAsync($"{QueuePath(queue)}/get", request, cancellationToken);
        var body = await ExpectAsync(response, HttpStatusCode.OK, cancellationToken);
        return [.. body.EnumerateArray().Select(m => new ReceivedMessage(
            m.GetProperty("payload").GetString() ?? "",
            m.GetProperty("properties").TryGetProperty("message_id", out var id) ? id.GetString() : null))];
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

/// <summary>A message as a get returned it: its payload and its message_id property.</summary>
internal sealed record ReceivedMessage(string Payload, string? MessageId);

/// <summary>The server answered, but not what the crash test expects of it.</summary>
internal sealed class UnexpectedAnswerException(string message) : Exception(message);
