using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using MqApi.Tests.TestInfrastructure;

namespace MqApi.Tests.Security;

public sealed class ConnectionLimitsTests
{
    [Fact]
    public async Task RepeatedFailedLoginsFromOneAddressAreRefusedUncheckedWhileOtherAddressesStillLogIn()
    {
        await using var factory = new MqApiFactory(new Dictionary<string, string?> { ["Broker:FailedLoginsPerMinute"] = "3" });
        var host = factory.WithWebHostBuilder(web => web.ConfigureServices(services => services.AddSingleton<IStartupFilter>(new ClientAddressFromHeader())));
        HttpClient From(string address, string password)
        {
            var client = host.CreateClient();
            client.DefaultRequestHeaders.Authorization = new("Basic", Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes($"guest:{password}")));
            client.DefaultRequestHeaders.Add(ClientAddressFromHeader.Header, address);
            return client;
        }

        for (var i = 0; i < 3; i++) Assert.Equal(HttpStatusCode.Unauthorized, (await From("127.0.0.9", "wrong").GetAsync("/api/whoami")).StatusCode);
        var lockedOut = await From("127.0.0.9", "guest").GetAsync("/api/whoami");
        var otherAddress = await From("127.0.0.10", "guest").GetAsync("/api/whoami");

        Assert.Equal(HttpStatusCode.TooManyRequests, lockedOut.StatusCode);
        Assert.NotNull(lockedOut.Headers.RetryAfter);
        Assert.Equal(HttpStatusCode.OK, otherAddress.StatusCode);
    }

    [Fact]
    public async Task UserPastItsConnectionLimitIsRefusedAndTheFirstConnectionKeepsWorking()
    {
        await using var factory = new MqApiFactory(new Dictionary<string, string?> { ["Broker:MaxConnectionsPerUser"] = "1" });
        await using var first = await TestHubClient.ConnectAsync(factory);
        var second = TestHubClient.Build(factory, HubProtocolKind.Json, Microsoft.AspNetCore.Http.Connections.HttpTransportType.WebSockets, "guest", "guest");
        var closed = new TaskCompletionSource<Exception?>();
        second.Closed += error => { closed.TrySetResult(error); return Task.CompletedTask; };

        try
        {
            await second.StartAsync().WaitAsync(TestTimeouts.Delivery);
            await closed.Task.WaitAsync(TestTimeouts.Delivery);
        }
        catch (Exception exception) when (exception is not TimeoutException)
        {
            // Refused during the handshake: as good as closed right after it.
        }

        Assert.Equal(HubConnectionState.Disconnected, second.State);
        await first.DeclareQueueAsync("still-usable");
        var connections = await factory.CreateGuestClient().GetFromJsonAsync<System.Text.Json.JsonElement>("/api/connections");
        Assert.Equal(1, connections.GetArrayLength());
        await second.DisposeAsync();
    }
}
