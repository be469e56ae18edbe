using MqApi.Broker;

namespace MqApi.Api;

public static class ApiCaller
{
    /// <summary>The signed-in user as the broker sees it; REST requests have no connection that could own a queue.</summary>
    public static Caller Caller(this HttpContext context) =>
        new(context.User.Identity?.Name ?? throw new InvalidOperationException("endpoint reached without a signed-in user"));
}
