using System.Net;
using System.Text.Json;
using MqApi.Tests.TestInfrastructure;

namespace MqApi.Tests.Api;

public sealed class OpenApiDocumentTests(MqApiFixture fixture) : IClassFixture<MqApiFixture>
{
    [Theory]
    [InlineData("/api/exchanges/{vhost}/{name}/publish", "post")]
    [InlineData("/api/exchanges/{vhost}/{name}/publish-batch", "post")]
    [InlineData("/api/queues/{vhost}/{name}/get", "post")]
    [InlineData("/api/queues/{vhost}/{name}/ack", "post")]
    [InlineData("/api/queues/{vhost}/{name}", "put")]
    [InlineData("/api/bindings/{vhost}/e/{source}/q/{destination}", "post")]
    [InlineData("/api/permissions/{vhost}/{user}", "put")]
    [InlineData("/api/tokens", "post")]
    public async Task OpenApiDocumentDescribesTheOperationWithItsErrors(string path, string method)
    {
        var response = await fixture.Factory.CreateClient().GetAsync("/swagger/v1/swagger.json");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        var operation = document.GetProperty("paths").GetProperty(path).GetProperty(method);
        Assert.Contains(operation.GetProperty("responses").EnumerateObject(), r => r.Name.StartsWith('2'));
        if (path != "/api/tokens") Assert.True(operation.GetProperty("responses").TryGetProperty("400", out _));
    }

    [Fact]
    public async Task SwaggerUiIsServedWithoutCredentials()
    {
        var response = await fixture.Factory.CreateClient().GetAsync("/swagger/index.html");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }
}
