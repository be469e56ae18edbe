using MqApi.Api;

namespace MqApi.Tests.Api;

/// <summary>The bodies given to statuses that the framework or a library answers without one.</summary>
public sealed class ErrorResponsesTests
{
    [Theory]
    [InlineData(500, "Internal Server Error")]
    [InlineData(503, "Service Unavailable")]
    public void ServerSideFailureIsNotLabelledABadRequest(int status, string reason)
    {
        var body = ErrorResponses.ForStatus(status);

        Assert.Equal("internal_server_error", body.Error);
        Assert.Equal(reason, body.Reason);
    }

    [Fact]
    public void ClientErrorWithoutAnEntryOfItsOwnStaysABadRequest()
    {
        var body = ErrorResponses.ForStatus(429);

        Assert.Equal("bad_request", body.Error);
        Assert.Equal("Too Many Requests", body.Reason);
    }
}
