using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using MqApi.Security;
using MqApi.Tests.TestInfrastructure;

namespace MqApi.Tests.Security;

/// <summary>The password check behind every basic login: one slow hash per password, not per request.</summary>
public sealed class CredentialCheckTests(MqApiFixture fixture) : IClassFixture<MqApiFixture>
{
    private CredentialCheck Check => fixture.Factory.Services.GetRequiredService<CredentialCheck>();
    private PasswordHashing Hashing => fixture.Factory.Services.GetRequiredService<PasswordHashing>();

    [Fact]
    public async Task ConcurrentFirstLoginsWithOnePasswordShareOneSlowHash()
    {
        var name = await CreateUserAsync("right");
        var before = Hashing.SlowChecks;

        var checks = Enumerable.Range(0, 16).Select(_ => Check.CheckAsync(name, "right").AsTask()).ToList();
        var users = await Task.WhenAll(checks);

        Assert.All(users, user => Assert.Equal(name, user?.Name));
        Assert.Equal(1, Hashing.SlowChecks - before);
    }

    [Fact]
    public async Task ConcurrentLoginsWithDifferentPasswordsAreEachChecked()
    {
        var name = await CreateUserAsync("right");
        var before = Hashing.SlowChecks;

        var right = Check.CheckAsync(name, "right").AsTask();
        var wrong = Check.CheckAsync(name, "wrong").AsTask();

        Assert.Equal(name, (await right)?.Name);
        Assert.Null(await wrong);
        Assert.Equal(2, Hashing.SlowChecks - before);
    }

    [Fact]
    public async Task ConcurrentWrongPasswordsAreAllRefused()
    {
        var name = await CreateUserAsync("right");

        var users = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Check.CheckAsync(name, "wrong").AsTask()));

        Assert.All(users, Assert.Null);
    }

    [Fact]
    public async Task AfterAPasswordChangeTheOldPasswordIsRefusedAndTheNewOneAccepted()
    {
        var name = await CreateUserAsync("one");
        Assert.NotNull(await Check.CheckAsync(name, "one"));

        (await fixture.Factory.CreateGuestClient().PutAsJsonAsync($"/api/users/{name}", new { password = "two" })).EnsureSuccessStatusCode();

        Assert.Null(await Check.CheckAsync(name, "one"));
        Assert.NotNull(await Check.CheckAsync(name, "two"));
    }

    private async Task<string> CreateUserAsync(string password)
    {
        var name = MqApiFixture.Unique("user");
        (await fixture.Factory.CreateGuestClient().PutAsJsonAsync($"/api/users/{name}", new { password, tags = "management" })).EnsureSuccessStatusCode();
        return name;
    }
}
