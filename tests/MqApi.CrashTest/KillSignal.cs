namespace MqApi.CrashTest;

/// <summary>
/// Raised just before the server is killed. A client that then loses its connection stops: that
/// failure is the crash under test. The same failure with the signal down is a real error.
/// </summary>
internal sealed class KillSignal
{
    private volatile bool _raised;

    public bool IsRaised => _raised;

    public void Raise() => _raised = true;

    /// <summary>How HttpClient reports a request cut off by a dead server (reset, refused, or a body cut short).</summary>
    public static bool IsCutOff(Exception exception) => exception is HttpRequestException or IOException;
}
