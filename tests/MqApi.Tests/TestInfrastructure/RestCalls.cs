using System.Net.Http.Json;
using System.Text.Json;

namespace MqApi.Tests.TestInfrastructure;

/// <summary>Short forms of the REST calls tests make over and over; each asserts nothing, so tests state their own expectations.</summary>
public static class RestCalls
{
    public static Task<HttpResponseMessage> DeclareQueueAsync(this HttpClient client, string queue, object? body = null, string vhost = "%2F") =>
        client.PutAsJsonAsync($"/api/queues/{vhost}/{Uri.EscapeDataString(queue)}", body ?? new { durable = true });

    public static Task<HttpResponseMessage> DeclareDurableExchangeAsync(this HttpClient client, string exchange, string type, object? arguments = null, string vhost = "%2F") =>
        client.PutAsJsonAsync($"/api/exchanges/{vhost}/{Uri.EscapeDataString(exchange)}", new { type, durable = true, arguments = arguments ?? new { } });

    public static Task<HttpResponseMessage> BindQueueAsync(this HttpClient client, string exchange, string queue, string routingKey = "", object? arguments = null, string vhost = "%2F") =>
        client.PostAsJsonAsync($"/api/bindings/{vhost}/e/{Uri.EscapeDataString(exchange)}/q/{Uri.EscapeDataString(queue)}", new { routing_key = routingKey, arguments = arguments ?? new { } });

    public static Task<HttpResponseMessage> PublishAsync(this HttpClient client, string exchange, string routingKey, string payload, object? properties = null, string vhost = "%2F") =>
        client.PostAsJsonAsync($"/api/exchanges/{vhost}/{(exchange.Length == 0 ? "amq.default" : Uri.EscapeDataString(exchange))}/publish",
            new { routing_key = routingKey, payload, payload_encoding = "string", properties = properties ?? new { delivery_mode = 2 } });

    /// <summary>POST .../get and the parsed array of messages (throws when the status is not 200).</summary>
    public static async Task<JsonElement[]> GetMessagesAsync(this HttpClient client, string queue, object request, string vhost = "%2F")
    {
        var response = await client.PostAsJsonAsync($"/api/queues/{vhost}/{Uri.EscapeDataString(queue)}/get", request);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).EnumerateArray().ToArray();
    }

    /// <summary>Removes and returns every ready message's payload, in order.</summary>
    public static async Task<string[]> DrainAsync(this HttpClient client, string queue, string vhost = "%2F")
    {
        var messages = await client.GetMessagesAsync(queue, new { count = 10_000, ackmode = "ack_requeue_false", encoding = "auto" }, vhost);
        return [.. messages.Select(m => m.GetProperty("payload").GetString() ?? "")];
    }


    /// <summary>Polls until <paramref name="condition"/> holds or the deadline passes; for effects that happen on the broker's timer (TTL, leases).</summary>
    public static async Task<bool> EventuallyAsync(Func<Task<bool>> condition, TimeSpan? deadline = null)
    {
        var until = DateTime.UtcNow + (deadline ?? TestTimeouts.Delivery);
        while (DateTime.UtcNow < until)
        {
            if (await condition()) return true;
            await Task.Delay(25);
        }
        return await condition();
    }
}
