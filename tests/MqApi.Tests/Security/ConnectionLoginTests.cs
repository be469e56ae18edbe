using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text;
using Microsoft.AspNetCore.Hosting;
using MqApi.Tests.TestInfrastructure;
using static MqApi.Tests.TestInfrastructure.ApiRequests;

namespace MqApi.Tests.Security;

/// <summary>
/// A keep-alive connection remembers its last basic login (issue #6): every change to the user shows on
/// that connection's very next request, as it would were each request checked from scratch. Over a real
/// socket, since the in-memory test server has no connections to remember anything on.
/// </summary>
public sealed class ConnectionLoginTests(KestrelFixture fixture) : IClassFixture<KestrelFixture>
{
    private readonly HttpClient _admin = fixture.CreateGuestClient();

    [Fact]
    public Task NewPasswordRefusesTheOldOneOnTheConnectionThatUsedIt() =>
        AssertNextRequestOnTheSameConnectionAsync("/api/whoami",
            user => _admin.PutAsJsonAsync(Path("users", user), new { password = "second", tags = "management" }), HttpStatusCode.Unauthorized);

    [Fact]
    public Task DeletedUserIsRefusedOnTheConnectionItLoggedInOn() =>
        AssertNextRequestOnTheSameConnectionAsync("/api/whoami",
            user => _admin.DeleteAsync(Path("users", user)), HttpStatusCode.Unauthorized);

    [Fact]
    public Task UserStrippedOfItsTagsLosesTheManagementApiOnTheSameConnection() =>
        AssertNextRequestOnTheSameConnectionAsync("/api/overview",
            user => _admin.PutAsJsonAsync(Path("users", user), new { password = "first", tags = "" }), HttpStatusCode.Forbidden);

    [Fact]
    public async Task AnotherUsersCredentialsOnTheSameConnectionAreCheckedAsThemselves()
    {
        var user = await CreateUserAsync("management");
        using var connection = new OneConnection(fixture.Host.BaseAddress, user, "first");
        await connection.ExpectAsync("/api/whoami", HttpStatusCode.OK);

        connection.LogInAs(user, "wrong");

        await connection.ExpectAsync("/api/whoami", HttpStatusCode.Unauthorized);
        connection.LogInAs("guest", "guest");
        var whoami = await connection.GetJsonAsync("/api/whoami");
        Assert.Equal("guest", whoami.GetProperty("name").GetString());
        Assert.Equal(1, connection.Opened);
    }

    [Fact]
    public async Task LockedOutAddressIsRefusedEvenOnAConnectionThatLoggedIn()
    {
        await using var host = await KestrelAppHost.StartAsync(web => web.UseSetting("Broker:FailedLoginsPerMinute", "1"));
        using var connection = new OneConnection(host.BaseAddress, "guest", "guest");
        await connection.ExpectAsync("/api/whoami", HttpStatusCode.OK);
        using var guesser = host.CreateClient();
        guesser.DefaultRequestHeaders.Authorization = Basic("guest", "wrong");
        Assert.Equal(HttpStatusCode.Unauthorized, (await guesser.GetAsync("/api/whoami")).StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, (await guesser.GetAsync("/api/whoami")).StatusCode);

        await connection.ExpectAsync("/api/whoami", HttpStatusCode.TooManyRequests);
        Assert.Equal(1, connection.Opened);
    }

    /// <summary>
    /// A new management user gets 200 for <paramref name="path"/> twice on one connection; then
    /// <paramref name="change"/> is made to it, and the same connection's next request gets <paramref name="after"/>.
    /// </summary>
    private async Task AssertNextRequestOnTheSameConnectionAsync(string path, Func<string, Task<HttpResponseMessage>> change, HttpStatusCode after)
    {
        var user = await CreateUserAsync("management");
        using var connection = new OneConnection(fixture.Host.BaseAddress, user, "first");
        await connection.ExpectAsync(path, HttpStatusCode.OK);
        await connection.ExpectAsync(path, HttpStatusCode.OK);

        (await change(user)).EnsureSuccessStatusCode();

        await connection.ExpectAsync(path, after);
        Assert.Equal(1, connection.Opened);
    }

    private async Task<string> CreateUserAsync(string tags)
    {
        var user = UniqueName("conn-login");
        (await _admin.PutAsJsonAsync(Path("users", user), new { password = "first", tags })).EnsureSuccessStatusCode();
        return user;
    }

    private static AuthenticationHeaderValue Basic(string user, string password) =>
        new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password}")));

    /// <summary>An HttpClient held to one TCP connection, counting the connections it opens.</summary>
    private sealed class OneConnection : IDisposable
    {
        private readonly HttpClient _client;
        private int _opened;

        public OneConnection(Uri baseAddress, string user, string password)
        {
            var handler = new SocketsHttpHandler
            {
                MaxConnectionsPerServer = 1,
                PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
                ConnectCallback = async (context, cancellationToken) =>
                {
                    Interlocked.Increment(ref _opened);
                    var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                    await socket.ConnectAsync(context.DnsEndPoint, cancellationToken);
                    return new NetworkStream(socket, ownsSocket: true);
                },
            };
            _client = new HttpClient(handler) { BaseAddress = baseAddress };
            LogInAs(user, password);
        }

        /// <summary>How many TCP connections the client has opened: 1 when every request shared one.</summary>
        public int Opened => Volatile.Read(ref _opened);

        public void LogInAs(string user, string password) => _client.DefaultRequestHeaders.Authorization = Basic(user, password);

        public async Task ExpectAsync(string path, HttpStatusCode status)
        {
            using var response = await _client.GetAsync(path);
            await response.Content.ReadAsByteArrayAsync();
            Assert.Equal(status, response.StatusCode);
        }

        public Task<System.Text.Json.JsonElement> GetJsonAsync(string path) => _client.GetJsonAsync(path);

        public void Dispose() => _client.Dispose();
    }
}
