using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using MqApi.Tests.TestInfrastructure;

namespace MqApi.Tests.Security;

public sealed class AccessTokenTests
{
    private static async Task<string> TokenAsync(HttpClient client)
    {
        var response = await client.PostAsync("/api/tokens", null);
        response.EnsureSuccessStatusCode();
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("Bearer", body.GetProperty("token_type").GetString());
        return body.GetProperty("access_token").GetString()!;
    }

    private static HttpClient WithToken(MqApiFactory factory, string token)
    {
        var client = factory.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    [Fact]
    public async Task TokenWorksUntilThePasswordChanges()
    {
        await using var factory = new MqApiFactory();
        var guest = factory.CreateGuestClient();
        (await guest.PutAsJsonAsync("/api/users/carol", new { password = "one", tags = "management" })).EnsureSuccessStatusCode();
        (await guest.PutAsJsonAsync("/api/permissions/%2F/carol", new { configure = ".*", write = ".*", read = ".*" })).EnsureSuccessStatusCode();
        var token = await TokenAsync(factory.CreateClient("carol", "one"));

        var before = await WithToken(factory, token).GetAsync("/api/queues");
        (await guest.PutAsJsonAsync("/api/users/carol", new { password = "two" })).EnsureSuccessStatusCode();
        var after = await WithToken(factory, token).GetAsync("/api/queues");

        Assert.Equal(HttpStatusCode.OK, before.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, after.StatusCode);
    }

    [Fact]
    public async Task TokenStopsWorkingWhenItExpires()
    {
        await using var factory = new MqApiFactory(new Dictionary<string, string?> { ["Broker:TokenLifetimeSeconds"] = "1" });
        var token = await TokenAsync(factory.CreateGuestClient());

        var fresh = await WithToken(factory, token).GetAsync("/api/whoami");
        await Task.Delay(1_500);
        var expired = await WithToken(factory, token).GetAsync("/api/whoami");

        Assert.Equal(HttpStatusCode.OK, fresh.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, expired.StatusCode);
    }

    [Fact]
    public async Task TokenCannotBeUsedToIssueAnotherToken()
    {
        await using var factory = new MqApiFactory();
        var token = await TokenAsync(factory.CreateGuestClient());

        var response = await WithToken(factory, token).PostAsync("/api/tokens", null);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task DeletedUsersTokenStopsWorking()
    {
        await using var factory = new MqApiFactory();
        var guest = factory.CreateGuestClient();
        (await guest.PutAsJsonAsync("/api/users/dave", new { password = "pw", tags = "management" })).EnsureSuccessStatusCode();
        var token = await TokenAsync(factory.CreateClient("dave", "pw"));

        (await guest.DeleteAsync("/api/users/dave")).EnsureSuccessStatusCode();

        Assert.Equal(HttpStatusCode.Unauthorized, (await WithToken(factory, token).GetAsync("/api/whoami")).StatusCode);
    }
}
