using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR;
using MqApi.Tests.TestInfrastructure;

namespace MqApi.Tests.Security;

/// <summary>
/// RabbitMQ's permission table, operation by operation, over REST and over the hub: a user with
/// exactly the permission an operation needs succeeds; a user with every permission but that one is
/// refused (403 / HubException) and nothing changes.
/// </summary>
public sealed class PermissionTableTests(MqApiFixture fixture) : IClassFixture<MqApiFixture>
{
    private readonly HttpClient _guest = fixture.Factory.CreateGuestClient();

    /// <summary>Configure, write and read patterns; "" allows nothing.</summary>
    public sealed record Grant(string Configure, string Write, string Read);

    private async Task<(string Vhost, string Queue, string Exchange)> ArrangeAsync()
    {
        var vhost = MqApiFixture.Unique("perm");
        (await _guest.PutAsJsonAsync($"/api/vhosts/{vhost}", new { })).EnsureSuccessStatusCode();
        var queue = MqApiFixture.Unique("q");
        var exchange = MqApiFixture.Unique("x");
        (await _guest.PutAsJsonAsync($"/api/queues/{vhost}/{queue}", new { durable = true })).EnsureSuccessStatusCode();
        (await _guest.PutAsJsonAsync($"/api/exchanges/{vhost}/{exchange}", new { type = "fanout", durable = true })).EnsureSuccessStatusCode();
        (await _guest.PostAsJsonAsync($"/api/bindings/{vhost}/e/{exchange}/q/{queue}", new { routing_key = "" })).EnsureSuccessStatusCode();
        (await _guest.PostAsJsonAsync($"/api/exchanges/{vhost}/amq.default/publish", new { routing_key = queue, payload = "existing", properties = new { } })).EnsureSuccessStatusCode();
        return (vhost, queue, exchange);
    }

    private async Task<HttpClient> UserAsync(string vhost, Grant grant)
    {
        var user = MqApiFixture.Unique("user");
        (await _guest.PutAsJsonAsync($"/api/users/{user}", new { password = "pw", tags = "management" })).EnsureSuccessStatusCode();
        (await _guest.PutAsJsonAsync($"/api/permissions/{vhost}/{user}", new { configure = grant.Configure, write = grant.Write, read = grant.Read })).EnsureSuccessStatusCode();
        return fixture.Factory.CreateClient(user, "pw");
    }

    /// <summary>What an operation may change: the vhost's queues with counters, exchanges and bindings.</summary>
    private async Task<string> SnapshotAsync(string vhost)
    {
        var queues = await _guest.GetFromJsonAsync<JsonElement>($"/api/queues/{vhost}");
        var exchanges = await _guest.GetFromJsonAsync<JsonElement>($"/api/exchanges/{vhost}");
        var bindings = await _guest.GetFromJsonAsync<JsonElement>($"/api/bindings/{vhost}");
        var queueState = queues.EnumerateArray().Select(q => $"{q.GetProperty("name")}:{q.GetProperty("messages")}").Order();
        return string.Join("|", queueState) + "#" + exchanges.GetArrayLength() + "#" + bindings.GetArrayLength();
    }

    public static TheoryData<string, Grant, Grant> RestOperations => new()
    {
        // operation, exactly what it needs, everything but that
        { "declare queue", new("^new-q$", "", ""), new("", ".*", ".*") },
        { "delete queue", new("^q-", "", ""), new("", ".*", ".*") },
        { "declare exchange", new("^new-x$", "", ""), new("", ".*", ".*") },
        { "delete exchange", new("^x-", "", ""), new("", ".*", ".*") },
        { "publish", new("", "^x-", ""), new(".*", "", ".*") },
        { "bind (write on queue)", new("", "^q-", "^x-"), new(".*", "", ".*") },
        { "bind (read on exchange)", new("", "^q-", "^x-"), new(".*", ".*", "") },
        { "get", new("", "", "^q-"), new(".*", ".*", "") },
        { "purge", new("", "", "^q-"), new(".*", ".*", "") },
    };

    private static Task<HttpResponseMessage> RunAsync(HttpClient client, string operation, string vhost, string queue, string exchange) => operation switch
    {
        "declare queue" => client.PutAsJsonAsync($"/api/queues/{vhost}/new-q", new { durable = true }),
        "delete queue" => client.DeleteAsync($"/api/queues/{vhost}/{queue}"),
        "declare exchange" => client.PutAsJsonAsync($"/api/exchanges/{vhost}/new-x", new { type = "direct" }),
        "delete exchange" => client.DeleteAsync($"/api/exchanges/{vhost}/{exchange}"),
        "publish" => client.PostAsJsonAsync($"/api/exchanges/{vhost}/{exchange}/publish", new { routing_key = "", payload = "p", properties = new { } }),
        "bind (write on queue)" or "bind (read on exchange)" => client.PostAsJsonAsync($"/api/bindings/{vhost}/e/{exchange}/q/{queue}", new { routing_key = "k" }),
        "get" => client.PostAsJsonAsync($"/api/queues/{vhost}/{queue}/get", new { count = 1, ackmode = "ack_requeue_false" }),
        "purge" => client.DeleteAsync($"/api/queues/{vhost}/{queue}/contents"),
        _ => throw new ArgumentOutOfRangeException(nameof(operation)),
    };

    [Theory]
    [MemberData(nameof(RestOperations))]
    public async Task RestOperationSucceedsWithExactlyItsPermissionAndIsRefusedWithoutIt(string operation, Grant needed, Grant lacking)
    {
        var (vhost, queue, exchange) = await ArrangeAsync();
        var refusedUser = await UserAsync(vhost, lacking);
        var allowedUser = await UserAsync(vhost, needed);
        var before = await SnapshotAsync(vhost);

        var refused = await RunAsync(refusedUser, operation, vhost, queue, exchange);
        var afterRefusal = await SnapshotAsync(vhost);
        var allowed = await RunAsync(allowedUser, operation, vhost, queue, exchange);

        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Equal("not_authorised", (await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error").GetString());
        Assert.Equal(before, afterRefusal);
        Assert.True(allowed.IsSuccessStatusCode, $"{operation}: {(int)allowed.StatusCode} {await allowed.Content.ReadAsStringAsync()}");
        Assert.NotEqual(before, await SnapshotAsync(vhost));
    }

    public static TheoryData<string, Grant, Grant> HubOperations => new()
    {
        { "DeclareQueue", new("^new-q$", "", ""), new("", ".*", ".*") },
        { "DeclareExchange", new("^new-x$", "", ""), new("", ".*", ".*") },
        { "Publish", new("", "^x-", ""), new(".*", "", ".*") },
        { "BindQueue (write on queue)", new("", "^q-", "^x-"), new(".*", "", ".*") },
        { "BindQueue (read on exchange)", new("", "^q-", "^x-"), new(".*", ".*", "") },
        { "Subscribe", new("", "", "^q-"), new(".*", ".*", "") },
    };

    private static async Task RunOnHubAsync(TestHubClient client, string operation, string vhost, string queue, string exchange)
    {
        switch (operation)
        {
            case "DeclareQueue": await client.DeclareQueueAsync("new-q", durable: true, vhost: vhost); break;
            case "DeclareExchange": await client.DeclareExchangeAsync("new-x", "direct", vhost: vhost); break;
            case "Publish": await client.PublishAsync(exchange, "", "p", vhost: vhost); break;
            case "BindQueue (write on queue)" or "BindQueue (read on exchange)": await client.BindQueueAsync(queue, exchange, "k", vhost); break;
            case "Subscribe": await client.SubscribeAsync(queue, prefetch: 1, vhost: vhost); break;
        }
    }

    [Theory]
    [MemberData(nameof(HubOperations))]
    public async Task HubOperationSucceedsWithExactlyItsPermissionAndIsRefusedWithoutIt(string operation, Grant needed, Grant lacking)
    {
        var (vhost, queue, exchange) = await ArrangeAsync();
        var refusedName = await HubUserAsync(vhost, lacking);
        var allowedName = await HubUserAsync(vhost, needed);
        await using var refusedUser = await TestHubClient.ConnectAsync(fixture.Factory, user: refusedName, password: "pw");
        await using var allowedUser = await TestHubClient.ConnectAsync(fixture.Factory, user: allowedName, password: "pw");
        var before = await SnapshotAsync(vhost);

        var refusal = await Assert.ThrowsAsync<HubException>(() => RunOnHubAsync(refusedUser, operation, vhost, queue, exchange));
        var afterRefusal = await SnapshotAsync(vhost);
        await RunOnHubAsync(allowedUser, operation, vhost, queue, exchange);

        Assert.Contains("refused", refusal.Message);
        Assert.Equal(before, afterRefusal);
        if (operation == "Subscribe")
        {
            Assert.Equal("existing", (await allowedUser.NextDeliveryAsync()).Payload);
        }
        else
        {
            Assert.NotEqual(before, await SnapshotAsync(vhost));
        }
    }

    private async Task<string> HubUserAsync(string vhost, Grant grant)
    {
        // Hub users need no management tag: only their permissions count.
        var user = MqApiFixture.Unique("hub-user");
        (await _guest.PutAsJsonAsync($"/api/users/{user}", new { password = "pw", tags = "" })).EnsureSuccessStatusCode();
        (await _guest.PutAsJsonAsync($"/api/permissions/{vhost}/{user}", new { configure = grant.Configure, write = grant.Write, read = grant.Read })).EnsureSuccessStatusCode();
        return user;
    }
}
