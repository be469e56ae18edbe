using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Connections;
using MqApi.Tests.TestInfrastructure;

namespace MqApi.Tests.Hubs;

public sealed class MqHubAuthenticationTests(MqApiFixture fixture) : IClassFixture<MqApiFixture>
{
    private MqApiFactory Factory => fixture.Factory;

    [Fact]
    public async Task NegotiateWithoutCredentialsIsUnauthorized()
    {
        var response = await Factory.CreateClient().PostAsync("/hubs/mq/negotiate?negotiateVersion=1", null);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("Basic", response.Headers.WwwAuthenticate.Single().Scheme);
    }

    [Fact]
    public async Task NegotiateWithAWrongPasswordIsUnauthorized()
    {
        var client = Factory.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes("guest:wrong")));

        var response = await client.PostAsync("/hubs/mq/negotiate?negotiateVersion=1", null);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Theory]
    [InlineData(HttpTransportType.WebSockets)]
    [InlineData(HttpTransportType.LongPolling)]
    public async Task ConnectingWithAWrongPasswordFailsWith401(HttpTransportType transport)
    {
        await using var connection = TestHubClient.Build(Factory, HubProtocolKind.Json, transport, "guest", "wrong");

        var error = await Assert.ThrowsAsync<HttpRequestException>(() => connection.StartAsync().WaitAsync(TestTimeouts.Delivery));

        Assert.Equal(HttpStatusCode.Unauthorized, error.StatusCode);
    }

    [Fact]
    public async Task AnotherUsersConnectionIsListedUnderThatUser()
    {
        var user = MqApiFixture.Unique("alice");
        var created = await Factory.CreateGuestClient().PutAsJsonAsync($"/api/users/{user}", new { password = "s3cret", tags = "" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);

        await using var client = await TestHubClient.ConnectAsync(Factory, user: user, password: "s3cret");

        // The session opens in OnConnectedAsync, which SignalR runs after it answered the handshake.
        string? listedUser = null;
        await AssertEventually.TrueAsync(async () =>
        {
            var connections = await Factory.CreateGuestClient().GetFromJsonAsync<JsonElement>("/api/connections");
            listedUser = connections.EnumerateArray().FirstOrDefault(c => c.GetProperty("name").GetString() == client.ConnectionId)
                is { ValueKind: JsonValueKind.Object } mine ? mine.GetProperty("user").GetString() : null;
            return listedUser is not null;
        });
        Assert.Equal(user, listedUser);
    }
}
