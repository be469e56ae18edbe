namespace MqApi.Broker;

/// <summary>
/// Who asks the broker to do something: a signed-in user, and the client connection it came
/// through (which owns exclusive queues). Every operation a front end offers takes one, so the
/// broker — not REST or the hub — decides what the user may do.
/// </summary>
public sealed record Caller(string User, string? ConnectionId = null)
{
    /// <summary>The broker's own work (start-up, health checks): not subject to permissions.</summary>
    public static Caller Internal { get; } = new("", null) { IsInternal = true };

    public bool IsInternal { get; private init; }
}
