using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using Microsoft.AspNetCore.Hosting;
using MqApi.Tests.TestInfrastructure;
using static MqApi.Tests.TestInfrastructure.ApiRequests;

namespace MqApi.Tests.Api;

/// <summary>
/// Bad requests get a clear 4xx with a JSON {"error","reason"} body (reason a string), never a 500;
/// and the lenient forms RabbitMQ's tools send (strings for scalars, extra fields, form content types) work.
/// </summary>
public sealed class BadInputTests(MqApiFixture fixture) : IClassFixture<MqApiFixture>
{
    private static readonly string TooLong = new('n', 256);
    private static readonly string LongestAllowed = new('n', 255);

    private readonly HttpClient _client = fixture.Factory.CreateGuestClient();

    public static TheoryData<string, string, string> BadBodies => new()
    {
        // method, path under /api/ ({vhost} is the test's own, with queue q and exchange x), body
        { "PUT", "queues/{vhost}/new", "{" },
        { "PUT", "queues/{vhost}/new", "{\"durable\":}" },
        { "PUT", "queues/{vhost}/new", "not json" },
        { "PUT", "queues/{vhost}/new", "[1,2]" },
        { "PUT", "queues/{vhost}/new", "{\"durable\":{}}" },
        { "PUT", "queues/{vhost}/new", "{\"durable\":\"maybe\"}" },
        { "PUT", "queues/{vhost}/new", "{\"durable\":1}" },
        { "PUT", "queues/{vhost}/new", "{\"arguments\":\"x-max-length=1\"}" },
        { "PUT", "queues/{vhost}/new", "{\"arguments\":{\"x-max-length\":\"many\"}}" },
        { "PUT", "queues/{vhost}/new", "{\"arguments\":{\"x-overflow\":\"explode\"}}" },
        { "PUT", "exchanges/{vhost}/new", "{\"type\":\"direct\",\"durable\":[]}" },
        { "PUT", "exchanges/{vhost}/new", "{\"type\":{}}" },
        { "PUT", "exchanges/{vhost}/new", "{\"type\":\"no-such-type\"}" },
        { "PUT", "exchanges/{vhost}/new", "{\"durable\":true}" },
        { "POST", "exchanges/{vhost}/amq.default/publish", "{" },
        { "POST", "exchanges/{vhost}/amq.default/publish", "" },
        { "POST", "exchanges/{vhost}/amq.default/publish", "{\"routing_key\":\"q\",\"payload\":\"%%%\",\"payload_encoding\":\"base64\",\"properties\":{}}" },
        { "POST", "exchanges/{vhost}/amq.default/publish", "{\"routing_key\":\"q\",\"payload\":\"x\",\"payload_encoding\":\"hex\",\"properties\":{}}" },
        { "POST", "exchanges/{vhost}/amq.default/publish", "{\"routing_key\":\"q\",\"payload\":{},\"properties\":{}}" },
        { "POST", "exchanges/{vhost}/amq.default/publish", "{\"routing_key\":\"q\",\"payload\":\"x\",\"properties\":\"none\"}" },
        { "POST", "exchanges/{vhost}/amq.default/publish", "{\"routing_key\":\"q\",\"payload\":\"x\",\"properties\":{\"headers\":[1]}}" },
        { "POST", "exchanges/{vhost}/amq.default/publish", "{\"routing_key\":\"q\",\"payload\":\"x\",\"properties\":{\"delivery_mode\":3}}" },
        { "POST", "exchanges/{vhost}/amq.default/publish", "{\"routing_key\":\"q\",\"payload\":\"x\",\"properties\":{\"delivery_mode\":\"two\"}}" },
        { "POST", "exchanges/{vhost}/amq.default/publish", "{\"routing_key\":\"q\",\"payload\":\"x\",\"properties\":{\"priority\":300}}" },
        { "POST", "exchanges/{vhost}/amq.default/publish", "{\"routing_key\":\"q\",\"payload\":\"x\",\"properties\":{\"expiration\":\"soon\"}}" },
        { "POST", "exchanges/{vhost}/amq.default/publish", "{\"routing_key\":\"q\",\"payload\":\"x\",\"properties\":{\"timestamp\":\"yesterday\"}}" },
        { "POST", "queues/{vhost}/q/get", "{" },
        { "POST", "queues/{vhost}/q/get", "" },
        { "POST", "queues/{vhost}/q/get", "{\"count\":\"abc\",\"ackmode\":\"ack_requeue_true\",\"encoding\":\"auto\"}" },
        { "POST", "queues/{vhost}/q/get", "{\"count\":{},\"ackmode\":\"ack_requeue_true\",\"encoding\":\"auto\"}" },
        { "POST", "queues/{vhost}/q/get", "{\"count\":1.5,\"ackmode\":\"ack_requeue_true\",\"encoding\":\"auto\"}" },
        { "POST", "queues/{vhost}/q/get", "{\"count\":99999999999,\"ackmode\":\"ack_requeue_true\",\"encoding\":\"auto\"}" },
        { "POST", "queues/{vhost}/q/get", "{\"count\":0,\"ackmode\":\"ack_requeue_true\",\"encoding\":\"auto\"}" },
        { "POST", "queues/{vhost}/q/get", "{\"count\":-1,\"ackmode\":\"ack_requeue_true\",\"encoding\":\"auto\"}" },
        { "POST", "queues/{vhost}/q/get", "{\"count\":1,\"ackmode\":\"ack_maybe\",\"encoding\":\"auto\"}" },
        { "POST", "queues/{vhost}/q/get", "{\"count\":1,\"ackmode\":[],\"encoding\":\"auto\"}" },
        { "POST", "queues/{vhost}/q/get", "{\"count\":1,\"encoding\":\"auto\"}" },
        { "POST", "queues/{vhost}/q/get", "{\"count\":1,\"ackmode\":\"ack_requeue_true\",\"encoding\":\"hex\"}" },
        { "POST", "queues/{vhost}/q/get", "{\"count\":1,\"ackmode\":\"ack_requeue_true\",\"encoding\":\"auto\",\"truncate\":-1}" },
        { "POST", "queues/{vhost}/q/get", "{\"count\":1,\"ackmode\":\"ack_requeue_true\",\"encoding\":\"auto\",\"truncate\":\"long\"}" },
        { "POST", "bindings/{vhost}/e/x/q/q", "{" },
        { "POST", "bindings/{vhost}/e/x/q/q", "{\"routing_key\":{}}" },
        { "POST", "bindings/{vhost}/e/x/q/q", "{\"routing_key\":\"k\",\"arguments\":[]}" },
        { "PUT", "vhosts/{vhost}", "{\"tags\":{}}" },
        { "PUT", "vhosts/{vhost}", "{" },
        { "PUT", "users/someone", "{" },
        { "PUT", "users/someone", "{\"password\":{}}" },
        { "PUT", "users/someone", "{\"tags\":\"\"}" },
        { "PUT", "users/someone", "{\"password\":\"p\",\"tags\":{}}" },
        { "PUT", "users/someone", "{\"password\":\"a\",\"password_hash\":\"b\"}" },
        { "PUT", "users/someone", "{\"password_hash\":\"b\",\"hashing_algorithm\":\"rot13\"}" },
        { "PUT", "permissions/{vhost}/guest", "{\"configure\":\"(\",\"write\":\".*\",\"read\":\".*\"}" },
        { "PUT", "permissions/{vhost}/guest", "{\"configure\":\".*\",\"write\":\".*\"}" },
        { "PUT", "permissions/{vhost}/guest", "{" },
    };

    [Theory]
    [MemberData(nameof(BadBodies))]
    public async Task BadBodyIsABadRequestWithAJsonReason(string method, string path, string body)
    {
        var vhost = await VhostWithQueueAndExchangeAsync();
        var request = new HttpRequestMessage(new HttpMethod(method), "/api/" + path.Replace("{vhost}", Uri.EscapeDataString(vhost))) { Content = Json(body) };

        var response = await _client.SendAsync(request);

        var reason = await AssertErrorAsync(response, HttpStatusCode.BadRequest);
        Assert.False(string.IsNullOrWhiteSpace(reason));
    }

    [Theory]
    [InlineData("POST", "queues/{vhost}/q/get", "", "ackmode")]
    [InlineData("POST", "queues/{vhost}/q/get", "null", "ackmode")]
    [InlineData("POST", "exchanges/{vhost}/x/publish", "", "JSON body")]
    [InlineData("POST", "exchanges/{vhost}/x/publish", "null", "JSON body")]
    [InlineData("PUT", "users/someone", "", "password")]
    [InlineData("PUT", "users/someone", "null", "password")]
    [InlineData("PUT", "permissions/{vhost}/guest", "", "configure")]
    [InlineData("PUT", "permissions/{vhost}/guest", "null", "configure")]
    public async Task MissingBodyReasonSaysWhatIsMissing(string method, string path, string body, string missing)
    {
        var vhost = await VhostWithQueueAndExchangeAsync();
        var request = new HttpRequestMessage(new HttpMethod(method), "/api/" + path.Replace("{vhost}", Uri.EscapeDataString(vhost))) { Content = Json(body) };

        var response = await _client.SendAsync(request);

        Assert.Contains(missing, await AssertErrorAsync(response, HttpStatusCode.BadRequest));
    }

    [Fact]
    public async Task MalformedJsonReasonSaysTheJsonIsInvalid()
    {
        var vhost = await _client.CreateVhostAsync();

        var response = await _client.PutAsync(Path("queues", vhost, "q"), Json("{\"durable\": tru"));

        Assert.Contains("invalid JSON", await AssertErrorAsync(response, HttpStatusCode.BadRequest));
    }

    [Fact]
    public async Task WrongTypeReasonNamesTheField()
    {
        var vhost = await _client.CreateVhostAsync();

        var response = await _client.PutAsync(Path("queues", vhost, "q"), Json("{\"durable\":{}}"));

        Assert.Contains("durable", await AssertErrorAsync(response, HttpStatusCode.BadRequest));
    }

    [Fact]
    public async Task BooleansGivenAsStringsAreAccepted()
    {
        var vhost = await _client.CreateVhostAsync();

        var response = await _client.PutAsync(Path("queues", vhost, "q"), Json("{\"durable\":\"true\",\"auto_delete\":\"false\"}"));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.True((await _client.GetJsonAsync(Path("queues", vhost, "q"))).GetProperty("durable").GetBoolean());
    }

    [Fact]
    public async Task NumbersGivenAsStringsAreAccepted()
    {
        var vhost = await VhostWithQueueAndExchangeAsync();
        await _client.PublishAsync(vhost, "", "q", "one");
        await _client.PublishAsync(vhost, "", "q", "two");

        var response = await _client.PostAsync(Path("queues", vhost, "q", "get"), Json("{\"count\":\"2\",\"ackmode\":\"ack_requeue_false\",\"encoding\":\"auto\",\"truncate\":\"2\"}"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var messages = (await response.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>()).EnumerateArray().Select(m => m.GetProperty("payload").GetString());
        Assert.Equal(["on", "tw"], messages);
    }

    [Fact]
    public async Task DeliveryModeGivenAsAStringIsAccepted()
    {
        var vhost = await VhostWithQueueAndExchangeAsync();

        var response = await _client.PostAsync(
            Path("exchanges", vhost, "amq.default", "publish"),
            Json("{\"routing_key\":\"q\",\"payload\":\"x\",\"payload_encoding\":\"string\",\"properties\":{\"delivery_mode\":\"2\",\"priority\":\"1\"}}"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var message = Assert.Single(await _client.GetMessagesAsync(vhost, "q", "ack_requeue_false"));
        Assert.Equal(2, message.GetProperty("properties").GetProperty("delivery_mode").GetInt32());
    }

    [Fact]
    public async Task UnknownFieldsAreIgnored()
    {
        var vhost = await _client.CreateVhostAsync();

        var response = await _client.PutAsync(Path("queues", vhost, "q"), Json("{\"durable\":true,\"node\":\"rabbit@elsewhere\",\"vhost\":\"other\",\"extra\":{\"deep\":[1,2,{}]}}"));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }

    [Fact]
    public async Task UnknownExchangeTypeIsNamedInTheReason()
    {
        var vhost = await _client.CreateVhostAsync();

        var response = await _client.PutAsJsonAsync(Path("exchanges", vhost, "x"), new { type = "x-consistent-hash" });

        Assert.Contains("x-consistent-hash", await AssertErrorAsync(response, HttpStatusCode.BadRequest));
    }

    [Fact]
    public async Task QueueNameOf255BytesIsAccepted()
    {
        var vhost = await _client.CreateVhostAsync();

        var response = await _client.PutAsJsonAsync(Path("queues", vhost, LongestAllowed), new { durable = false });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }

    [Theory]
    [InlineData("queues")]
    [InlineData("exchanges")]
    public async Task NameOver255BytesIsRefused(string kind)
    {
        var vhost = await _client.CreateVhostAsync();

        var response = await _client.PutAsJsonAsync(Path(kind, vhost, TooLong), new { type = "direct" });

        Assert.Contains("255", await AssertErrorAsync(response, HttpStatusCode.BadRequest));
    }

    [Fact]
    public async Task NameOf255CharactersButMoreBytesIsRefused()
    {
        var vhost = await _client.CreateVhostAsync();

        var response = await _client.PutAsJsonAsync(Path("queues", vhost, new string('é', 128)), new { });

        await AssertErrorAsync(response, HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task VhostNameOver255BytesIsRefused()
    {
        var response = await _client.PutAsync(Path("vhosts", TooLong), Json("{}"));

        await AssertErrorAsync(response, HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task PublishWithRoutingKeyOver255BytesIsRefused()
    {
        var vhost = await VhostWithQueueAndExchangeAsync();

        var response = await _client.PostAsJsonAsync(Path("exchanges", vhost, "x", "publish"), new { routing_key = TooLong, payload = "", payload_encoding = "string", properties = new { } });

        await AssertErrorAsync(response, HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task BindingWithRoutingKeyOver255BytesIsRefused()
    {
        var vhost = await VhostWithQueueAndExchangeAsync();

        var response = await _client.PostAsJsonAsync(Path("bindings", vhost, "e", "x", "q", "q"), new { routing_key = TooLong });

        await AssertErrorAsync(response, HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task FormContentTypeIsReadAsJsonAsCurlSendsIt()
    {
        var vhost = await _client.CreateVhostAsync();
        var content = new StringContent("{\"durable\":true}", Encoding.UTF8, "application/x-www-form-urlencoded");

        var response = await _client.PutAsync(Path("queues", vhost, "q"), content);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.True((await _client.GetJsonAsync(Path("queues", vhost, "q"))).GetProperty("durable").GetBoolean());
    }

    [Fact]
    public async Task BodyWithoutAContentTypeIsReadAsJson()
    {
        var vhost = await _client.CreateVhostAsync();
        var content = new ByteArrayContent("{\"durable\":true}"u8.ToArray());

        var response = await _client.PutAsync(Path("queues", vhost, "q"), content);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }

    [Fact]
    public async Task WrongMethodIsMethodNotAllowedWithAJsonBody()
    {
        var vhost = await VhostWithQueueAndExchangeAsync();

        var response = await _client.PostAsync(Path("queues", vhost, "q"), Json("{}"));

        await AssertErrorAsync(response, HttpStatusCode.MethodNotAllowed);
    }

    [Fact]
    public async Task UnknownPathIsNotFoundWithAJsonBody()
    {
        var response = await _client.GetAsync("/api/no-such-thing");

        await AssertErrorAsync(response, HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task RequestWithoutCredentialsIsUnauthorizedWithABasicChallenge()
    {
        using var anonymous = fixture.Factory.CreateClient();

        var response = await anonymous.GetAsync("/api/queues");

        await AssertErrorAsync(response, HttpStatusCode.Unauthorized);
        Assert.Equal("Basic", Assert.Single(response.Headers.WwwAuthenticate).Scheme);
    }

    [Theory]
    [InlineData("guest", "wrong")]
    [InlineData("nobody", "guest")]
    [InlineData("guest", "")]
    public async Task WrongCredentialsAreUnauthorized(string user, string password)
    {
        using var client = fixture.Factory.CreateClient(user, password);

        var response = await client.GetAsync("/api/queues");

        await AssertErrorAsync(response, HttpStatusCode.Unauthorized);
        Assert.NotEmpty(response.Headers.WwwAuthenticate);
    }

    [Theory]
    [InlineData("Basic not-base64!")]
    [InlineData("Basic Z3Vlc3Q=")]
    [InlineData("Basic")]
    public async Task MalformedBasicCredentialsAreUnauthorized(string authorization)
    {
        using var client = fixture.Factory.CreateClient();
        var request = new HttpRequestMessage(HttpMethod.Get, "/api/queues");
        request.Headers.TryAddWithoutValidation("Authorization", authorization);

        var response = await client.SendAsync(request);

        await AssertErrorAsync(response, HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task BadVhostEncodingIsABadRequestOnTheTestServerToo()
    {
        var response = await _client.GetAsync("/api/queues/%FF");

        await AssertErrorAsync(response, HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task BodyOverTheConfiguredLimitIsTooLarge()
    {
        await using var factory = new MqApiFactory(new Dictionary<string, string?> { ["Broker:MaxRequestBodyBytes"] = "1000" });
        var client = factory.CreateGuestClient();
        await client.DeclareQueueAsync("/", "q");

        var response = await client.PostAsJsonAsync(Path("exchanges", "/", "amq.default", "publish"), new { routing_key = "q", payload = new string('x', 2000), payload_encoding = "string", properties = new { } });

        await AssertErrorAsync(response, HttpStatusCode.RequestEntityTooLarge);
        Assert.Equal(0, (await client.GetQueueCountsAsync("/", "q")).Messages);
    }

    [Fact]
    public async Task BodyUnderTheConfiguredLimitIsAccepted()
    {
        await using var factory = new MqApiFactory(new Dictionary<string, string?> { ["Broker:MaxRequestBodyBytes"] = "1000" });
        var client = factory.CreateGuestClient();
        await client.DeclareQueueAsync("/", "q");

        var routed = await client.PublishAsync("/", "", "q", new string('x', 500));

        Assert.True(routed);
    }

    [Fact]
    public async Task ChunkedBodyOverTheConfiguredLimitIsTooLargeOverASocket()
    {
        await using var host = await KestrelAppHost.StartAsync(builder => builder.UseSetting("Broker:MaxRequestBodyBytes", "1000"));
        using var client = host.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String("guest:guest"u8));
        await client.DeclareQueueAsync("/", "q");
        var body = Encoding.UTF8.GetBytes($"{{\"routing_key\":\"q\",\"payload\":\"{new string('x', 5000)}\",\"properties\":{{}}}}");

        var response = await client.PostAsync(Path("exchanges", "/", "amq.default", "publish"), new ChunkedJsonContent(body));

        await AssertErrorAsync(response, HttpStatusCode.RequestEntityTooLarge);
        Assert.Equal(0, (await client.GetQueueCountsAsync("/", "q")).Messages);
    }

    private async Task<string> VhostWithQueueAndExchangeAsync()
    {
        var vhost = await _client.CreateVhostAsync();
        await _client.DeclareQueueAsync(vhost, "q");
        await _client.DeclareExchangeAsync(vhost, "x");
        return vhost;
    }

    /// <summary>A body of unknown length, so HttpClient sends it chunked, without Content-Length.</summary>
    private sealed class ChunkedJsonContent : HttpContent
    {
        private readonly byte[] _body;

        public ChunkedJsonContent(byte[] body)
        {
            _body = body;
            Headers.ContentType = new MediaTypeHeaderValue("application/json");
        }

        protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) => stream.WriteAsync(_body).AsTask();

        protected override bool TryComputeLength(out long length)
        {
            length = 0;
            return false;
        }
    }
}
