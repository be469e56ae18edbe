using System.Net;
using System.Text.Json;
using MqApi.Tests.TestInfrastructure;
using static MqApi.Tests.TestInfrastructure.ApiRequests;

namespace MqApi.Tests.Api;

/// <summary>
/// How names travel in paths, over a real socket (see <see cref="KestrelFixture"/>): every segment is
/// percent-decoded exactly once, and a binding's properties_key is found both as it is and encoded once more.
/// </summary>
public sealed class PathEncodingTests(KestrelFixture fixture) : IClassFixture<KestrelFixture>
{
    private readonly HttpClient _client = fixture.CreateGuestClient();

    [Theory]
    [InlineData("100%")]
    [InlineData("a%2Fb")]
    [InlineData("with space/and slash")]
    [InlineData("ünïcödé")]
    public async Task QueueNameIsReadBackExactlyAsDeclared(string name)
    {
        var vhost = await _client.CreateVhostAsync();

        await _client.DeclareQueueAsync(vhost, name);

        var queue = await _client.GetJsonAsync(Path("queues", vhost, name));
        Assert.Equal(name, queue.GetProperty("name").GetString());
    }

    [Theory]
    [InlineData("", false)]
    [InlineData("", true)]
    [InlineData("a/b", false)]
    [InlineData("a/b", true)]
    [InlineData("with space", false)]
    [InlineData("with space", true)]
    [InlineData("100%", false)]
    [InlineData("100%", true)]
    public async Task BindingIsFoundByItsPropertiesKeyAsItIsOrEncodedOnceMore(string routingKey, bool encodedOnceMore)
    {
        var vhost = await _client.CreateVhostAsync();
        await _client.DeclareExchangeAsync(vhost, "x");
        await _client.DeclareQueueAsync(vhost, "q");
        await _client.BindQueueAsync(vhost, "x", "q", routingKey);
        var listed = await _client.GetJsonAsync(Path("bindings", vhost, "e", "x", "q", "q"));
        var propertiesKey = Assert.Single(listed.EnumerateArray()).GetProperty("properties_key").GetString()!;
        var path = encodedOnceMore ? Path("bindings", vhost, "e", "x", "q", "q", propertiesKey) : Path("bindings", vhost, "e", "x", "q", "q") + "/" + propertiesKey;

        var binding = await _client.GetJsonAsync(path);
        var deleted = await _client.DeleteAsync(path);

        Assert.Equal(routingKey, binding.GetProperty("routing_key").GetString());
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
    }

    [Fact]
    public async Task CreatedBindingsLocationLeadsToItOverASocketToo()
    {
        var vhost = await _client.CreateVhostAsync();
        await _client.DeclareExchangeAsync(vhost, "x");
        await _client.DeclareQueueAsync(vhost, "a queue");
        var path = Path("bindings", vhost, "e", "x", "q", "a queue");

        var response = await _client.PostAsync(path, Json("""{"routing_key":"a/b c","arguments":{"k":1}}"""));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var location = new Uri(new Uri(_client.BaseAddress!, path), response.Headers.Location!);
        var binding = await _client.GetJsonAsync(location.PathAndQuery);
        Assert.Equal("a/b c", binding.GetProperty("routing_key").GetString());
        Assert.Equal(JsonValueKind.Number, binding.GetProperty("arguments").GetProperty("k").ValueKind);
    }

    [Theory]
    [InlineData("%FF")]
    [InlineData("%ZZ")]
    [InlineData("%C3")]
    [InlineData("abc%")]
    public async Task VhostWithABadPercentEncodingIsABadRequest(string vhostSegment)
    {
        var uri = new Uri(_client.BaseAddress + "api/queues/" + vhostSegment, new UriCreationOptions { DangerousDisablePathAndQueryCanonicalization = true });

        var response = await _client.GetAsync(uri);

        await AssertErrorAsync(response, HttpStatusCode.BadRequest);
    }
}
