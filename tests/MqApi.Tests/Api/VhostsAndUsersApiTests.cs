using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using MqApi.Tests.TestInfrastructure;
using static MqApi.Tests.TestInfrastructure.ApiRequests;

namespace MqApi.Tests.Api;

/// <summary>/api/vhosts, /api/users and /api/permissions.</summary>
public sealed class VhostsAndUsersApiTests(MqApiFixture fixture) : IClassFixture<MqApiFixture>
{
    private readonly HttpClient _client = fixture.Factory.CreateGuestClient();

    [Fact]
    public async Task CreatedVhostIsShownAndListed()
    {
        var name = UniqueName("vhost");

        var response = await _client.PutAsJsonAsync(Path("vhosts", name), new { description = "for orders", tags = "prod,eu" });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var vhost = await _client.GetJsonAsync(Path("vhosts", name));
        Assert.Equal(name, vhost.GetProperty("name").GetString());
        Assert.Equal("for orders", vhost.GetProperty("description").GetString());
        Assert.Equal(["prod", "eu"], vhost.GetProperty("tags").EnumerateArray().Select(t => t.GetString()));
        var names = (await _client.GetJsonAsync("/api/vhosts")).EnumerateArray().Select(v => v.GetProperty("name").GetString());
        Assert.Contains(name, names);
        Assert.Contains("/", names);
    }

    [Fact]
    public async Task PuttingAnExistingVhostAgainAnswersNoContent()
    {
        var vhost = await _client.CreateVhostAsync();

        var response = await _client.PutAsJsonAsync(Path("vhosts", vhost), new { description = "changed" });

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Equal("changed", (await _client.GetJsonAsync(Path("vhosts", vhost))).GetProperty("description").GetString());
    }

    [Fact]
    public async Task CreatorOfAVhostGetsFullPermissionsOnIt()
    {
        var vhost = await _client.CreateVhostAsync();

        var permission = await _client.GetJsonAsync(Path("permissions", vhost, "guest"));

        Assert.Equal((".*", ".*", ".*"), (permission.GetProperty("configure").GetString(), permission.GetProperty("write").GetString(), permission.GetProperty("read").GetString()));
    }

    [Fact]
    public async Task DeletedVhostIsGone()
    {
        var vhost = await _client.CreateVhostAsync();

        var response = await _client.DeleteAsync(Path("vhosts", vhost));

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        await AssertErrorAsync(await _client.GetAsync(Path("vhosts", vhost)), HttpStatusCode.NotFound);
        var names = (await _client.GetJsonAsync("/api/vhosts")).EnumerateArray().Select(v => v.GetProperty("name").GetString());
        Assert.DoesNotContain(vhost, names);
    }

    [Fact]
    public async Task DeletingAMissingVhostIsNotFound()
    {
        var response = await _client.DeleteAsync(Path("vhosts", UniqueName("missing")));

        await AssertErrorAsync(response, HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task DeletingAVhostRemovesItsQueuesExchangesAndPermissions()
    {
        var vhost = await _client.CreateVhostAsync();
        await _client.DeclareQueueAsync(vhost, "q", durable: true);
        await _client.DeclareExchangeAsync(vhost, "x", durable: true);
        await _client.PublishAsync(vhost, "", "q", "lost with the vhost", deliveryMode: 2);

        await _client.DeleteAsync(Path("vhosts", vhost));

        Assert.DoesNotContain((await _client.GetJsonAsync("/api/queues")).EnumerateArray(), q => q.GetProperty("vhost").GetString() == vhost);
        Assert.DoesNotContain((await _client.GetJsonAsync("/api/exchanges")).EnumerateArray(), e => e.GetProperty("vhost").GetString() == vhost);
        Assert.DoesNotContain((await _client.GetJsonAsync("/api/permissions")).EnumerateArray(), p => p.GetProperty("vhost").GetString() == vhost);
        await AssertErrorAsync(await _client.GetAsync(Path("queues", vhost)), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task RecreatedVhostStartsEmpty()
    {
        var vhost = await _client.CreateVhostAsync();
        await _client.DeclareQueueAsync(vhost, "q", durable: true);
        await _client.DeleteAsync(Path("vhosts", vhost));

        await _client.CreateVhostAsync(vhost);

        Assert.Empty((await _client.GetJsonAsync(Path("queues", vhost))).EnumerateArray());
    }

    [Fact]
    public async Task VhostWithASlashInItsNameIsReachedThroughPercent2F()
    {
        var name = UniqueName("team") + "/orders";

        await _client.CreateVhostAsync(name);
        await _client.DeclareQueueAsync(name, "q");

        Assert.Contains("%2F", Path("vhosts", name));
        Assert.Equal(name, (await _client.GetJsonAsync(Path("vhosts", name))).GetProperty("name").GetString());
        var queue = Assert.Single((await _client.GetJsonAsync(Path("queues", name))).EnumerateArray());
        Assert.Equal(name, queue.GetProperty("vhost").GetString());
    }

    [Fact]
    public async Task DefaultVhostIsWrittenPercent2F()
    {
        var vhost = await _client.GetJsonAsync("/api/vhosts/%2F");

        Assert.Equal("/", vhost.GetProperty("name").GetString());
    }

    [Fact]
    public async Task UserCreatedWithAPasswordCanSignInWithIt()
    {
        var name = UniqueName("user");

        var response = await _client.PutAsJsonAsync(Path("users", name), new { password = "s3cret", tags = "management" });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        using var user = fixture.Factory.CreateClient(name, "s3cret");
        var whoami = await user.GetJsonAsync("/api/whoami");
        Assert.Equal(name, whoami.GetProperty("name").GetString());
        Assert.Equal(["management"], whoami.GetProperty("tags").EnumerateArray().Select(t => t.GetString()));
    }

    [Fact]
    public async Task UserCannotSignInWithAnotherPassword()
    {
        var name = await CreateUserAsync("s3cret");

        using var user = fixture.Factory.CreateClient(name, "guess");
        var response = await user.GetAsync("/api/whoami");

        await AssertErrorAsync(response, HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task ChangedPasswordReplacesTheOldOne()
    {
        var name = await CreateUserAsync("old");
        using var before = fixture.Factory.CreateClient(name, "old");
        Assert.Equal(HttpStatusCode.OK, (await before.GetAsync("/api/whoami")).StatusCode);

        var response = await _client.PutAsJsonAsync(Path("users", name), new { password = "new" });

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        using var oldPassword = fixture.Factory.CreateClient(name, "old");
        using var newPassword = fixture.Factory.CreateClient(name, "new");
        await AssertErrorAsync(await oldPassword.GetAsync("/api/whoami"), HttpStatusCode.Unauthorized);
        Assert.Equal(HttpStatusCode.OK, (await newPassword.GetAsync("/api/whoami")).StatusCode);
    }

    [Theory]
    [InlineData("rabbit_password_hashing_sha256")]
    [InlineData("rabbit_password_hashing_sha512")]
    [InlineData(null)]
    public async Task UserPutWithARabbitMqPasswordHashSignsInWithThatPassword(string? algorithm)
    {
        var name = UniqueName("user");
        var hash = RabbitPasswordHash("from-rabbitmq", algorithm ?? "rabbit_password_hashing_sha256");

        var response = await _client.PutAsJsonAsync(Path("users", name), new { password_hash = hash, hashing_algorithm = algorithm, tags = "" });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        using var right = fixture.Factory.CreateClient(name, "from-rabbitmq");
        using var wrong = fixture.Factory.CreateClient(name, "from-rabbitmq!");
        Assert.Equal(HttpStatusCode.OK, (await right.GetAsync("/api/whoami")).StatusCode);
        await AssertErrorAsync(await wrong.GetAsync("/api/whoami"), HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task UserWithAnEmptyPasswordHashCannotSignIn()
    {
        var name = UniqueName("user");
        Assert.Equal(HttpStatusCode.Created, (await _client.PutAsJsonAsync(Path("users", name), new { password_hash = "", tags = "" })).StatusCode);

        using var user = fixture.Factory.CreateClient(name, "");
        var response = await user.GetAsync("/api/whoami");

        await AssertErrorAsync(response, HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task NoUserEndpointShowsAPasswordOrHash()
    {
        var name = UniqueName("user");
        await _client.PutAsJsonAsync(Path("users", name), new { password = "s3cret", tags = "administrator" });
        var hashed = UniqueName("user");
        await _client.PutAsJsonAsync(Path("users", hashed), new { password_hash = RabbitPasswordHash("p", "rabbit_password_hashing_sha256"), tags = "" });
        using var user = fixture.Factory.CreateClient(name, "s3cret");

        var answers = new[]
        {
            await _client.GetJsonAsync("/api/users"),
            await _client.GetJsonAsync(Path("users", name)),
            await _client.GetJsonAsync(Path("users", hashed)),
            await user.GetJsonAsync("/api/whoami"),
        };

        foreach (var answer in answers)
        {
            var fields = PropertyNames(answer).ToList();
            Assert.DoesNotContain("password", fields);
            Assert.DoesNotContain("password_hash", fields);
            Assert.DoesNotContain("s3cret", answer.GetRawText());
        }
    }

    [Fact]
    public async Task UserIsShownWithItsTags()
    {
        var name = UniqueName("user");
        await _client.PutAsJsonAsync(Path("users", name), new { password = "p", tags = new[] { "monitoring", "policymaker" } });

        var user = await _client.GetJsonAsync(Path("users", name));

        Assert.Equal(name, user.GetProperty("name").GetString());
        Assert.Equal(["monitoring", "policymaker"], user.GetProperty("tags").EnumerateArray().Select(t => t.GetString()));
        Assert.Contains((await _client.GetJsonAsync("/api/users")).EnumerateArray(), u => u.GetProperty("name").GetString() == name);
    }

    [Fact]
    public async Task DeletedUserCanNoLongerSignIn()
    {
        var name = await CreateUserAsync("p");

        var response = await _client.DeleteAsync(Path("users", name));

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        await AssertErrorAsync(await _client.GetAsync(Path("users", name)), HttpStatusCode.NotFound);
        using var user = fixture.Factory.CreateClient(name, "p");
        await AssertErrorAsync(await user.GetAsync("/api/whoami"), HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task DeletingAMissingUserIsNotFound()
    {
        var response = await _client.DeleteAsync(Path("users", UniqueName("missing")));

        await AssertErrorAsync(response, HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task NewUserNeedsAPasswordOrHash()
    {
        var response = await _client.PutAsJsonAsync(Path("users", UniqueName("user")), new { tags = "" });

        await AssertErrorAsync(response, HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task PermissionIsSetShownAndListed()
    {
        var vhost = await _client.CreateVhostAsync();
        var user = await CreateUserAsync("p");

        var response = await _client.PutAsJsonAsync(Path("permissions", vhost, user), new { configure = "^$", write = "^orders\\.", read = ".*" });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var permission = await _client.GetJsonAsync(Path("permissions", vhost, user));
        Assert.Equal(user, permission.GetProperty("user").GetString());
        Assert.Equal(vhost, permission.GetProperty("vhost").GetString());
        Assert.Equal("^$", permission.GetProperty("configure").GetString());
        Assert.Equal("^orders\\.", permission.GetProperty("write").GetString());
        Assert.Equal(".*", permission.GetProperty("read").GetString());
        Assert.Contains((await _client.GetJsonAsync("/api/permissions")).EnumerateArray(), p => p.GetProperty("user").GetString() == user && p.GetProperty("vhost").GetString() == vhost);
    }

    [Fact]
    public async Task PermissionPutAgainIsReplaced()
    {
        var vhost = await _client.CreateVhostAsync();
        var user = await CreateUserAsync("p");
        await _client.PutAsJsonAsync(Path("permissions", vhost, user), new { configure = ".*", write = ".*", read = ".*" });

        var response = await _client.PutAsJsonAsync(Path("permissions", vhost, user), new { configure = "", write = "", read = "^reports$" });

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        var permission = await _client.GetJsonAsync(Path("permissions", vhost, user));
        Assert.Equal(("", "", "^reports$"), (permission.GetProperty("configure").GetString(), permission.GetProperty("write").GetString(), permission.GetProperty("read").GetString()));
    }

    [Fact]
    public async Task DeletedPermissionIsGone()
    {
        var vhost = await _client.CreateVhostAsync();
        var user = await CreateUserAsync("p");
        await _client.PutAsJsonAsync(Path("permissions", vhost, user), new { configure = ".*", write = ".*", read = ".*" });

        var response = await _client.DeleteAsync(Path("permissions", vhost, user));

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        await AssertErrorAsync(await _client.GetAsync(Path("permissions", vhost, user)), HttpStatusCode.NotFound);
        await AssertErrorAsync(await _client.DeleteAsync(Path("permissions", vhost, user)), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task PermissionForAMissingUserOrVhostIsNotFound()
    {
        var vhost = await _client.CreateVhostAsync();
        var user = await CreateUserAsync("p");
        var all = new { configure = ".*", write = ".*", read = ".*" };

        var missingUser = await _client.PutAsJsonAsync(Path("permissions", vhost, UniqueName("missing")), all);
        var missingVhost = await _client.PutAsJsonAsync(Path("permissions", UniqueName("missing"), user), all);

        await AssertErrorAsync(missingUser, HttpStatusCode.NotFound);
        await AssertErrorAsync(missingVhost, HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task DeletingAUserRemovesItsPermissions()
    {
        var vhost = await _client.CreateVhostAsync();
        var user = await CreateUserAsync("p");
        await _client.PutAsJsonAsync(Path("permissions", vhost, user), new { configure = ".*", write = ".*", read = ".*" });

        await _client.DeleteAsync(Path("users", user));

        Assert.DoesNotContain((await _client.GetJsonAsync("/api/permissions")).EnumerateArray(), p => p.GetProperty("user").GetString() == user);
    }

    private async Task<string> CreateUserAsync(string password)
    {
        var name = UniqueName("user");
        var response = await _client.PutAsJsonAsync(Path("users", name), new { password, tags = "" });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return name;
    }

    /// <summary>RabbitMQ's password_hash: base64 of a 4-byte salt followed by hash(salt + UTF-8 password).</summary>
    private static string RabbitPasswordHash(string password, string algorithm)
    {
        var salted = RandomNumberGenerator.GetBytes(4).Concat(Encoding.UTF8.GetBytes(password)).ToArray();
        var hash = algorithm == "rabbit_password_hashing_sha512" ? SHA512.HashData(salted) : SHA256.HashData(salted);
        return Convert.ToBase64String([.. salted.Take(4), .. hash]);
    }

    private static IEnumerable<string> PropertyNames(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Object => element.EnumerateObject().SelectMany(p => PropertyNames(p.Value).Prepend(p.Name)),
        JsonValueKind.Array => element.EnumerateArray().SelectMany(PropertyNames),
        _ => [],
    };
}
