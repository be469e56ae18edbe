using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using MqApi.Tests.TestInfrastructure;

namespace MqApi.Tests.Api;

public sealed class OverviewAndHealthTests(MqApiFixture fixture) : IClassFixture<MqApiFixture>
{
    private readonly HttpClient _guest = fixture.Factory.CreateGuestClient();

    [Fact]
    public async Task OverviewCarriesTheFieldsRabbitMqToolsRead()
    {
        var overview = await _guest.GetFromJsonAsync<JsonElement>("/api/overview");

        Assert.Equal("3.13.7", overview.GetProperty("rabbitmq_version").GetString());
        Assert.Equal("MqApi", overview.GetProperty("product_name").GetString());
        Assert.False(string.IsNullOrEmpty(overview.GetProperty("management_version").GetString()));
        Assert.Equal(["direct", "fanout", "topic", "headers"], overview.GetProperty("exchange_types").EnumerateArray().Select(t => t.GetProperty("name").GetString()));
        Assert.True(overview.GetProperty("object_totals").GetProperty("queues").GetInt32() >= 0);
        Assert.True(overview.GetProperty("queue_totals").TryGetProperty("messages", out _));
    }

    [Fact]
    public async Task AlivenessTestDeclaresPublishesAndGetsInTheVhost()
    {
        var response = await _guest.GetFromJsonAsync<JsonElement>("/api/aliveness-test/%2F");

        Assert.Equal("ok", response.GetProperty("status").GetString());
        var queue = await _guest.GetFromJsonAsync<JsonElement>("/api/queues/%2F/aliveness-test");
        Assert.Equal(0, queue.GetProperty("messages").GetInt32());
    }

    [Fact]
    public async Task AlivenessTestOfAVhostTheUserCannotUseIsNotFound()
    {
        var vhost = MqApiFixture.Unique("private");
        (await _guest.PutAsJsonAsync($"/api/vhosts/{vhost}", new { })).EnsureSuccessStatusCode();
        var user = MqApiFixture.Unique("watcher");
        (await _guest.PutAsJsonAsync($"/api/users/{user}", new { password = "pw", tags = "management" })).EnsureSuccessStatusCode();

        var response = await fixture.Factory.CreateClient(user, "pw").GetAsync($"/api/aliveness-test/{vhost}");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Theory]
    [InlineData("/health/live")]
    [InlineData("/health/ready")]
    public async Task HealthEndpointsAnswerWithoutCredentials(string path)
    {
        var response = await fixture.Factory.CreateClient().GetAsync(path);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task AlarmsCheckReportsOk()
    {
        var response = await _guest.GetFromJsonAsync<JsonElement>("/api/health/checks/alarms");

        Assert.Equal("ok", response.GetProperty("status").GetString());
    }
}
