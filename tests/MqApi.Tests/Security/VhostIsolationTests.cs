using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using MqApi.Tests.TestInfrastructure;

namespace MqApi.Tests.Security;

public sealed class VhostIsolationTests(MqApiFixture fixture) : IClassFixture<MqApiFixture>
{
    private readonly HttpClient _guest = fixture.Factory.CreateGuestClient();

    private async Task<HttpClient> UserAsync(string user, string tags, string? vhost = null, string pattern = ".*")
    {
        (await _guest.PutAsJsonAsync($"/api/users/{user}", new { password = "pw", tags })).EnsureSuccessStatusCode();
        if (vhost is not null)
            (await _guest.PutAsJsonAsync($"/api/permissions/{Uri.EscapeDataString(vhost)}/{user}", new { configure = pattern, write = pattern, read = pattern })).EnsureSuccessStatusCode();
        return fixture.Factory.CreateClient(user, "pw");
    }

    [Fact]
    public async Task UserWithoutPermissionsOnAVhostCannotSeeOrTouchAnythingInIt()
    {
        var secret = MqApiFixture.Unique("secret");
        var mine = MqApiFixture.Unique("mine");
        foreach (var vhost in new[] { secret, mine }) (await _guest.PutAsJsonAsync($"/api/vhosts/{vhost}", new { })).EnsureSuccessStatusCode();
        (await _guest.PutAsJsonAsync($"/api/queues/{secret}/payroll", new { durable = true })).EnsureSuccessStatusCode();
        var outsider = await UserAsync(MqApiFixture.Unique("outsider"), "management", mine);

        var vhosts = await outsider.GetFromJsonAsync<JsonElement>("/api/vhosts");
        var queues = await outsider.GetFromJsonAsync<JsonElement>("/api/queues");
        var exchanges = await outsider.GetFromJsonAsync<JsonElement>("/api/exchanges");
        var bindings = await outsider.GetFromJsonAsync<JsonElement>("/api/bindings");
        var queue = await outsider.GetAsync($"/api/queues/{secret}/payroll");
        var publish = await outsider.PostAsJsonAsync($"/api/exchanges/{secret}/amq.default/publish", new { routing_key = "payroll", payload = "x", properties = new { } });
        var delete = await outsider.DeleteAsync($"/api/queues/{secret}/payroll");

        Assert.Equal([mine], vhosts.EnumerateArray().Select(v => v.GetProperty("name").GetString()));
        Assert.DoesNotContain(queues.EnumerateArray(), q => q.GetProperty("vhost").GetString() == secret);
        Assert.DoesNotContain(exchanges.EnumerateArray(), e => e.GetProperty("vhost").GetString() == secret);
        Assert.DoesNotContain(bindings.EnumerateArray(), b => b.GetProperty("vhost").GetString() == secret);
        Assert.Equal(HttpStatusCode.NotFound, queue.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, publish.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, delete.StatusCode);
        var untouched = await _guest.GetFromJsonAsync<JsonElement>($"/api/queues/{secret}/payroll");
        Assert.Equal(0, untouched.GetProperty("messages").GetInt32());
    }

    [Fact]
    public async Task OnlyAdministratorsManageUsersPermissionsAndVhosts()
    {
        var user = await UserAsync(MqApiFixture.Unique("manager"), "management", "/");

        var listUsers = await user.GetAsync("/api/users");
        var createUser = await user.PutAsJsonAsync("/api/users/mallory", new { password = "x", tags = "administrator" });
        var createVhost = await user.PutAsJsonAsync($"/api/vhosts/{MqApiFixture.Unique("v")}", new { });
        var grant = await user.PutAsJsonAsync("/api/permissions/%2F/guest", new { configure = "", write = "", read = "" });

        Assert.All(new[] { listUsers, createUser, createVhost, grant }, r => Assert.Equal(HttpStatusCode.Forbidden, r.StatusCode));
        Assert.Equal(HttpStatusCode.NotFound, (await _guest.GetAsync("/api/users/mallory")).StatusCode);
    }

    [Fact]
    public async Task UserWithoutAManagementTagCannotUseTheManagementApiButMayAskWhoItIs()
    {
        var user = await UserAsync(MqApiFixture.Unique("plain"), "", "/");

        Assert.Equal(HttpStatusCode.Forbidden, (await user.GetAsync("/api/queues")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await user.GetAsync("/api/whoami")).StatusCode);
    }

    [Fact]
    public async Task CatastrophicBacktrackingPermissionPatternDoesNotHangARequest()
    {
        var vhost = MqApiFixture.Unique("regex");
        (await _guest.PutAsJsonAsync($"/api/vhosts/{vhost}", new { })).EnsureSuccessStatusCode();
        var user = await UserAsync(MqApiFixture.Unique("evil"), "management", vhost, "^(a+)+$");
        var queue = new string('a', 40) + "!";
        var clock = Stopwatch.StartNew();

        var response = await user.PutAsJsonAsync($"/api/queues/{vhost}/{queue}", new { durable = true }).WaitAsync(TestTimeouts.Delivery);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.True(clock.Elapsed < TestTimeouts.Delivery);
    }

    [Fact]
    public async Task HubConnectionWithoutCredentialsIsRefused()
    {
        var response = await fixture.Factory.CreateClient().PostAsync("/hubs/mq/negotiate?negotiateVersion=1", null);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task NoUserEndpointReturnsAPasswordOrHash()
    {
        await UserAsync(MqApiFixture.Unique("hashed"), "management", "/");

        foreach (var path in new[] { "/api/users", "/api/users/guest", "/api/whoami", "/api/permissions", "/api/overview" })
        {
            var body = await _guest.GetStringAsync(path);
            Assert.DoesNotContain("password", body, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("AQAAAA", body); // the prefix of Identity's PBKDF2 hashes
        }
    }
}
