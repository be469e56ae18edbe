using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using MqApi.Tests.TestInfrastructure;
using static MqApi.Tests.TestInfrastructure.ApiRequests;

namespace MqApi.Tests.Api;

/// <summary>/api/bindings and the bindings lists of exchanges and queues; bindings named by properties_key.</summary>
public sealed class BindingsApiTests(MqApiFixture fixture) : IClassFixture<MqApiFixture>
{
    private readonly HttpClient _client = fixture.Factory.CreateGuestClient();

    [Fact]
    public async Task CreatedBindingAnswersCreatedWithALocationThatLeadsToIt()
    {
        var vhost = await VhostWithExchangeAndQueueAsync();
        var path = Path("bindings", vhost, "e", "x", "q", "q");

        var response = await _client.PostAsJsonAsync(path, new { routing_key = "orders", arguments = new { } });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var location = response.Headers.Location ?? throw new Xunit.Sdk.XunitException("no Location header");
        var binding = await _client.GetJsonAsync(Resolve(path, location));
        Assert.Equal("orders", binding.GetProperty("routing_key").GetString());
        Assert.Equal("orders", binding.GetProperty("properties_key").GetString());
    }

    [Theory]
    [InlineData("", "~")]
    [InlineData("orders.new", "orders.new")]
    [InlineData("a/b", "a%2Fb")]
    [InlineData("with space", "with%20space")]
    public async Task PropertiesKeyOfABindingWithoutArgumentsIsItsPercentEncodedRoutingKey(string routingKey, string propertiesKey)
    {
        var vhost = await VhostWithExchangeAndQueueAsync();

        await _client.BindQueueAsync(vhost, "x", "q", routingKey);

        var binding = Assert.Single(await ListAsync(Path("bindings", vhost, "e", "x", "q", "q")));
        Assert.Equal(routingKey, binding.GetProperty("routing_key").GetString());
        Assert.Equal(propertiesKey, binding.GetProperty("properties_key").GetString());
    }

    [Fact]
    public async Task BindingIsListedWithRabbitMqsFields()
    {
        var vhost = await VhostWithExchangeAndQueueAsync();

        await _client.BindQueueAsync(vhost, "x", "q", "orders", new { region = "eu" });

        var binding = Assert.Single(await ListAsync(Path("bindings", vhost, "e", "x", "q", "q")));
        Assert.Equal("x", binding.GetProperty("source").GetString());
        Assert.Equal(vhost, binding.GetProperty("vhost").GetString());
        Assert.Equal("q", binding.GetProperty("destination").GetString());
        Assert.Equal("queue", binding.GetProperty("destination_type").GetString());
        Assert.Equal("eu", binding.GetProperty("arguments").GetProperty("region").GetString());
        Assert.StartsWith("orders~", binding.GetProperty("properties_key").GetString());
    }

    [Fact]
    public async Task BindingsWithTheSameKeyAndOtherArgumentsAreDistinct()
    {
        var vhost = await VhostWithExchangeAndQueueAsync();

        await _client.BindQueueAsync(vhost, "x", "q", "orders", new { region = "eu" });
        await _client.BindQueueAsync(vhost, "x", "q", "orders", new { region = "us" });
        await _client.BindQueueAsync(vhost, "x", "q", "orders");

        var keys = (await ListAsync(Path("bindings", vhost, "e", "x", "q", "q"))).Select(b => b.GetProperty("properties_key").GetString()).ToList();
        Assert.Equal(3, keys.Distinct().Count());
        Assert.Contains("orders", keys);
    }

    [Fact]
    public async Task BindingTheSameKeyAndArgumentsTwiceMakesOneBinding()
    {
        var vhost = await VhostWithExchangeAndQueueAsync();

        await _client.BindQueueAsync(vhost, "x", "q", "orders", new { region = "eu" });
        await _client.BindQueueAsync(vhost, "x", "q", "orders", new { region = "eu" });

        Assert.Single(await ListAsync(Path("bindings", vhost, "e", "x", "q", "q")));
    }

    [Theory]
    [InlineData("")]
    [InlineData("orders.new")]
    [InlineData("a/b")]
    [InlineData("with space")]
    [InlineData("ünïcödé")]
    public async Task BindingIsFoundByItsPercentEncodedPropertiesKey(string routingKey)
    {
        var vhost = await VhostWithExchangeAndQueueAsync();
        await _client.BindQueueAsync(vhost, "x", "q", routingKey);
        var propertiesKey = await SinglePropertiesKeyAsync(vhost);

        var binding = await _client.GetJsonAsync(Path("bindings", vhost, "e", "x", "q", "q", propertiesKey));

        Assert.Equal(routingKey, binding.GetProperty("routing_key").GetString());
    }

    [Theory]
    [InlineData("")]
    [InlineData("orders.new")]
    [InlineData("a/b")]
    [InlineData("with space")]
    public async Task DeletingByPropertiesKeyRemovesTheBinding(string routingKey)
    {
        var vhost = await VhostWithExchangeAndQueueAsync();
        await _client.BindQueueAsync(vhost, "x", "q", routingKey);
        var propertiesKey = await SinglePropertiesKeyAsync(vhost);

        var response = await _client.DeleteAsync(Path("bindings", vhost, "e", "x", "q", "q", propertiesKey));

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Empty(await ListAsync(Path("bindings", vhost, "e", "x", "q", "q")));
    }

    [Fact]
    public async Task DeletingOneOfTwoBindingsWithTheSameKeyLeavesTheOther()
    {
        var vhost = await VhostWithExchangeAndQueueAsync();
        await _client.BindQueueAsync(vhost, "x", "q", "orders", new { region = "eu" });
        await _client.BindQueueAsync(vhost, "x", "q", "orders", new { region = "us" });
        var bindings = await ListAsync(Path("bindings", vhost, "e", "x", "q", "q"));
        var eu = bindings.Single(b => b.GetProperty("arguments").GetProperty("region").GetString() == "eu").GetProperty("properties_key").GetString()!;

        var response = await _client.DeleteAsync(Path("bindings", vhost, "e", "x", "q", "q", eu));

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        var left = Assert.Single(await ListAsync(Path("bindings", vhost, "e", "x", "q", "q")));
        Assert.Equal("us", left.GetProperty("arguments").GetProperty("region").GetString());
    }

    [Fact]
    public async Task DeletedBindingNoLongerRoutes()
    {
        var vhost = await VhostWithExchangeAndQueueAsync();
        await _client.BindQueueAsync(vhost, "x", "q", "orders");

        await _client.DeleteAsync(Path("bindings", vhost, "e", "x", "q", "q", "orders"));

        Assert.False(await _client.PublishAsync(vhost, "x", "orders", "nowhere to go"));
    }

    [Fact]
    public async Task DeletingAMissingBindingIsNotFound()
    {
        var vhost = await VhostWithExchangeAndQueueAsync();
        await _client.BindQueueAsync(vhost, "x", "q", "orders");

        var response = await _client.DeleteAsync(Path("bindings", vhost, "e", "x", "q", "q", "other"));

        await AssertErrorAsync(response, HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task DeletingABindingTwiceIsNotFoundTheSecondTime()
    {
        var vhost = await VhostWithExchangeAndQueueAsync();
        await _client.BindQueueAsync(vhost, "x", "q", "");
        await _client.DeleteAsync(Path("bindings", vhost, "e", "x", "q", "q", "~"));

        var response = await _client.DeleteAsync(Path("bindings", vhost, "e", "x", "q", "q", "~"));

        await AssertErrorAsync(response, HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task GettingAMissingBindingIsNotFound()
    {
        var vhost = await VhostWithExchangeAndQueueAsync();

        var response = await _client.GetAsync(Path("bindings", vhost, "e", "x", "q", "q", "~"));

        await AssertErrorAsync(response, HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task BindingToAMissingQueueIsNotFound()
    {
        var vhost = await VhostWithExchangeAndQueueAsync();

        var response = await _client.PostAsJsonAsync(Path("bindings", vhost, "e", "x", "q", "missing"), new { routing_key = "k" });

        await AssertErrorAsync(response, HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task BindingFromAMissingExchangeIsNotFound()
    {
        var vhost = await VhostWithExchangeAndQueueAsync();

        var response = await _client.PostAsJsonAsync(Path("bindings", vhost, "e", "missing", "q", "q"), new { routing_key = "k" });

        await AssertErrorAsync(response, HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task TheDefaultExchangeCannotBeBound()
    {
        var vhost = await VhostWithExchangeAndQueueAsync();

        var response = await _client.PostAsJsonAsync(Path("bindings", vhost, "e", "amq.default", "q", "q"), new { routing_key = "k" });

        await AssertErrorAsync(response, HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task QueueBindingsIncludeTheDefaultExchangeBindingFirst()
    {
        var vhost = await VhostWithExchangeAndQueueAsync();
        await _client.BindQueueAsync(vhost, "x", "q", "orders");

        var bindings = await ListAsync(Path("queues", vhost, "q", "bindings"));

        Assert.Equal(2, bindings.Length);
        Assert.Equal("", bindings[0].GetProperty("source").GetString());
        Assert.Equal("q", bindings[0].GetProperty("routing_key").GetString());
        Assert.Equal("q", bindings[0].GetProperty("destination").GetString());
        Assert.Equal("x", bindings[1].GetProperty("source").GetString());
        Assert.Equal("orders", bindings[1].GetProperty("routing_key").GetString());
    }

    [Fact]
    public async Task ExchangeSourceAndDestinationListsShowAnExchangeToExchangeBinding()
    {
        var vhost = await VhostWithExchangeAndQueueAsync();
        await _client.DeclareExchangeAsync(vhost, "downstream", "fanout");
        await _client.BindQueueAsync(vhost, "x", "q", "to-queue");

        var created = await _client.PostAsJsonAsync(Path("bindings", vhost, "e", "x", "e", "downstream"), new { routing_key = "to-exchange" });

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var source = await ListAsync(Path("exchanges", vhost, "x", "bindings", "source"));
        Assert.Equal(["to-exchange", "to-queue"], source.Select(b => b.GetProperty("routing_key").GetString()).Order(StringComparer.Ordinal));
        var destination = Assert.Single(await ListAsync(Path("exchanges", vhost, "downstream", "bindings", "destination")));
        Assert.Equal("x", destination.GetProperty("source").GetString());
        Assert.Equal("exchange", destination.GetProperty("destination_type").GetString());
        Assert.Empty(await ListAsync(Path("exchanges", vhost, "downstream", "bindings", "source")));
    }

    [Fact]
    public async Task ExchangeToExchangeBindingIsFoundAndDeletedByPropertiesKey()
    {
        var vhost = await VhostWithExchangeAndQueueAsync();
        await _client.DeclareExchangeAsync(vhost, "downstream", "fanout");
        await _client.PostAsJsonAsync(Path("bindings", vhost, "e", "x", "e", "downstream"), new { routing_key = "a/b" });

        var found = await _client.GetJsonAsync(Path("bindings", vhost, "e", "x", "e", "downstream", "a%2Fb"));
        var deleted = await _client.DeleteAsync(Path("bindings", vhost, "e", "x", "e", "downstream", "a%2Fb"));

        Assert.Equal("a/b", found.GetProperty("routing_key").GetString());
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        Assert.Empty(await ListAsync(Path("bindings", vhost, "e", "x", "e", "downstream")));
    }

    [Fact]
    public async Task VhostBindingsListHoldsTheDefaultAndExplicitBindingsOfThatVhostOnly()
    {
        var vhost = await VhostWithExchangeAndQueueAsync();
        await _client.BindQueueAsync(vhost, "x", "q", "orders");
        var other = await VhostWithExchangeAndQueueAsync();
        await _client.BindQueueAsync(other, "x", "q", "elsewhere");

        var bindings = await ListAsync(Path("bindings", vhost));

        Assert.Equal([("", "q"), ("x", "orders")], bindings.Select(b => (b.GetProperty("source").GetString(), b.GetProperty("routing_key").GetString())).Order());
        Assert.All(bindings, b => Assert.Equal(vhost, b.GetProperty("vhost").GetString()));
    }

    [Fact]
    public async Task AllBindingsListIncludesThoseOfEveryVhost()
    {
        var first = await VhostWithExchangeAndQueueAsync();
        var second = await VhostWithExchangeAndQueueAsync();
        await _client.BindQueueAsync(first, "x", "q", "one");
        await _client.BindQueueAsync(second, "x", "q", "two");

        var bindings = await ListAsync("/api/bindings");

        Assert.Contains(bindings, b => b.GetProperty("vhost").GetString() == first && b.GetProperty("routing_key").GetString() == "one");
        Assert.Contains(bindings, b => b.GetProperty("vhost").GetString() == second && b.GetProperty("routing_key").GetString() == "two");
    }

    private async Task<string> VhostWithExchangeAndQueueAsync()
    {
        var vhost = await _client.CreateVhostAsync();
        await _client.DeclareExchangeAsync(vhost, "x", "direct");
        await _client.DeclareQueueAsync(vhost, "q");
        return vhost;
    }

    private async Task<string> SinglePropertiesKeyAsync(string vhost) =>
        Assert.Single(await ListAsync(Path("bindings", vhost, "e", "x", "q", "q"))).GetProperty("properties_key").GetString()!;

    private async Task<JsonElement[]> ListAsync(string path) => [.. (await _client.GetJsonAsync(path)).EnumerateArray()];

    private static string Resolve(string requestPath, Uri location) =>
        new Uri(new Uri("http://localhost" + requestPath), location).PathAndQuery;
}
