using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using MqApi.Tests.TestInfrastructure;

namespace MqApi.Tests.Security;

public sealed class LoopbackUsersTests : IAsyncLifetime
{
    private readonly MqApiFactory _factory = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _factory.DisposeAsync();

    /// <summary>The test server has no sockets; this lets a test say which address a request comes from.</summary>
    private HttpClient ClientFrom(string address, string user, string password)
    {
        var factory = _factory.WithWebHostBuilder(web => web.ConfigureServices(services =>
            services.AddSingleton<IStartupFilter>(new ClientAddressFromHeader())));
        var client = factory.CreateClient();
        client.DefaultRequestHeaders.Authorization = new("Basic", Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes($"{user}:{password}")));
        client.DefaultRequestHeaders.Add(ClientAddressFromHeader.Header, address);
        return client;
    }

    [Fact]
    public async Task GuestIsRefusedFromARemoteAddressWhileAnotherUserIsAccepted()
    {
        var local = ClientFrom("127.0.0.1", "guest", "guest");
        (await local.PutAsJsonAsync("/api/users/alice", new { password = "s3cret", tags = "administrator" })).EnsureSuccessStatusCode();

        var guestRemote = await ClientFrom("203.0.113.7", "guest", "guest").GetAsync("/api/whoami");
        var aliceRemote = await ClientFrom("203.0.113.7", "alice", "s3cret").GetAsync("/api/whoami");
        var guestLocal = await local.GetAsync("/api/whoami");

        Assert.Equal(HttpStatusCode.Unauthorized, guestRemote.StatusCode);
        Assert.Equal(HttpStatusCode.OK, aliceRemote.StatusCode);
        Assert.Equal(HttpStatusCode.OK, guestLocal.StatusCode);
    }
}
