using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using MqApi.Tests.TestInfrastructure;

namespace MqApi.Tests.Api;

/// <summary>
/// The management REST calls that routing tests arrange and observe with, all in one vhost.
/// Arrange calls fail the test, with the response body, on any status but the one expected.
/// Names are percent-encoded here; tests that care about the raw path call <see cref="Http"/> directly.
/// </summary>
internal sealed class ManagementApiClient
{
    private ManagementApiClient(HttpClient http, string vhost)
    {
        Http = http;
        Vhost = vhost;
        VhostSegment = Uri.EscapeDataString(vhost);
    }

    public HttpClient Http { get; }

    public string Vhost { get; }

    /// <summary>The vhost as a path segment (<c>%2F</c> for the default vhost).</summary>
    public string VhostSegment { get; }

    /// <summary>
    /// A guest client in a vhost made for the calling test alone, so tests can share one app and still use
    /// plain names: every vhost has its own exchanges (the <c>amq.*</c> ones included) and queues.
    /// </summary>
    public static async Task<ManagementApiClient> InNewVhostAsync(MqApiFactory factory)
    {
        var client = new ManagementApiClient(factory.CreateGuestClient(), $"test-{Guid.NewGuid():N}");
        var response = await client.Http.PutAsJsonAsync($"/api/vhosts/{client.VhostSegment}", new { });
        await EnsureStatusAsync(response, HttpStatusCode.Created);
        return client;
    }

    /// <summary>A guest client in the default vhost <c>/</c>; tests that share an app must use unique names there.</summary>
    public static ManagementApiClient InDefaultVhost(MqApiFactory factory) => new(factory.CreateGuestClient(), "/");

    public Task<HttpResponseMessage> PutExchangeAsync(string name, object body) =>
        Http.PutAsJsonAsync($"/api/exchanges/{VhostSegment}/{Uri.EscapeDataString(name)}", body);

    public Task<HttpResponseMessage> PutQueueAsync(string name, object body) =>
        Http.PutAsJsonAsync($"/api/queues/{VhostSegment}/{Uri.EscapeDataString(name)}", body);

    public async Task DeclareExchangeAsync(string name, string type, bool isInternal = false, object? arguments = null)
    {
        var response = await PutExchangeAsync(name, new { type, @internal = isInternal, arguments = arguments ?? new { } });
        await EnsureStatusAsync(response, HttpStatusCode.Created);
    }

    public async Task DeclareQueuesAsync(params string[] names)
    {
        foreach (var name in names)
        {
            await EnsureStatusAsync(await PutQueueAsync(name, new { }), HttpStatusCode.Created);
        }
    }

    public Task<HttpResponseMessage> TryBindQueueAsync(string exchange, string queue, string routingKey = "", object? arguments = null) =>
        Http.PostAsJsonAsync(
            $"/api/bindings/{VhostSegment}/e/{Uri.EscapeDataString(exchange)}/q/{Uri.EscapeDataString(queue)}",
            new { routing_key = routingKey, arguments = arguments ?? new { } });

    public async Task BindQueueAsync(string exchange, string queue, string routingKey = "", object? arguments = null) =>
        await EnsureStatusAsync(await TryBindQueueAsync(exchange, queue, routingKey, arguments), HttpStatusCode.Created);

    /// <summary>Deletes the binding with that key (and no arguments), found by its opaque <c>properties_key</c> as clients do.</summary>
    public async Task UnbindQueueAsync(string exchange, string queue, string routingKey)
    {
        var between = $"/api/bindings/{VhostSegment}/e/{Uri.EscapeDataString(exchange)}/q/{Uri.EscapeDataString(queue)}";
        var bindings = await Http.GetFromJsonAsync<JsonElement>(between);
        var binding = Assert.Single(bindings.EnumerateArray(), b => b.GetProperty("routing_key").GetString() == routingKey);
        var propertiesKey = binding.GetProperty("properties_key").GetString() ?? "";
        await EnsureStatusAsync(await Http.DeleteAsync($"{between}/{Uri.EscapeDataString(propertiesKey)}"), HttpStatusCode.NoContent);
    }

    public async Task BindExchangeAsync(string source, string destination, string routingKey = "")
    {
        var response = await Http.PostAsJsonAsync(
            $"/api/bindings/{VhostSegment}/e/{Uri.EscapeDataString(source)}/e/{Uri.EscapeDataString(destination)}",
            new { routing_key = routingKey, arguments = new { } });
        await EnsureStatusAsync(response, HttpStatusCode.Created);
    }

    public Task<HttpResponseMessage> TryPublishAsync(string exchange, string routingKey, string payload, object? headers = null) =>
        Http.PostAsJsonAsync(
            $"/api/exchanges/{VhostSegment}/{Uri.EscapeDataString(exchange)}/publish",
            new { routing_key = routingKey, payload, payload_encoding = "string", properties = headers is null ? new { } : (object)new { headers } });

    /// <summary>Publishes and answers the server's <c>routed</c> flag.</summary>
    public async Task<bool> PublishAsync(string exchange, string routingKey, string payload, object? headers = null) =>
        await ReadRoutedAsync(await TryPublishAsync(exchange, routingKey, payload, headers));

    /// <summary>Takes every message from a queue (ack_requeue_false) and answers their payloads in order.</summary>
    public async Task<IReadOnlyList<string>> TakePayloadsAsync(string queue)
    {
        var response = await Http.PostAsJsonAsync(
            $"/api/queues/{VhostSegment}/{Uri.EscapeDataString(queue)}/get",
            new { count = 1000, ackmode = "ack_requeue_false", encoding = "auto" });
        await EnsureStatusAsync(response, HttpStatusCode.OK);
        var messages = await response.Content.ReadFromJsonAsync<JsonElement>();
        return [.. messages.EnumerateArray().Select(message => message.GetProperty("payload").GetString() ?? "")];
    }

    /// <summary>Takes every message from each queue and names the queues that held <paramref name="payload"/>, failing on any other message.</summary>
    public async Task<IReadOnlyList<string>> QueuesHoldingAsync(string payload, params string[] queues)
    {
        var holding = new List<string>();
        foreach (var queue in queues)
        {
            var payloads = await TakePayloadsAsync(queue);
            Assert.All(payloads, p => Assert.Equal(payload, p));
            if (payloads.Count > 1) Assert.Fail($"queue '{queue}' got {payloads.Count} copies of '{payload}'");
            if (payloads.Count == 1) holding.Add(queue);
        }
        return holding;
    }

    public static async Task<bool> ReadRoutedAsync(HttpResponseMessage response)
    {
        await EnsureStatusAsync(response, HttpStatusCode.OK);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        return body.GetProperty("routed").GetBoolean();
    }

    /// <summary>Reads RabbitMQ's error body, checking it has a string <c>error</c> and <c>reason</c>; answers the reason.</summary>
    public static async Task<string> ReadErrorReasonAsync(HttpResponseMessage response)
    {
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(JsonValueKind.String, body.GetProperty("error").ValueKind);
        Assert.Equal(JsonValueKind.String, body.GetProperty("reason").ValueKind);
        return body.GetProperty("reason").GetString() ?? "";
    }

    public static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    public static async Task EnsureStatusAsync(HttpResponseMessage response, HttpStatusCode expected)
    {
        if (response.StatusCode == expected) return;
        var body = await response.Content.ReadAsStringAsync();
        Assert.Fail($"{response.RequestMessage?.Method} {response.RequestMessage?.RequestUri?.PathAndQuery} answered {(int)response.StatusCode}, not {(int)expected}: {body}");
    }
}
