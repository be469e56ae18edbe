namespace MqApi.Bench;

/// <summary>
/// The load tool runs its own socket completions on the socket event threads. A closed-loop client
/// otherwise takes each response through a thread-pool hand-off before it sends the next request: on
/// the two cores it shares with the broker, that cost 0.45 of a core at 16 REST publishers, CPU and
/// round-trip time taken from whichever broker is measured (docs/benchmarks.md, section 10). Every
/// client in the tool gets it: HttpClient, the SignalR client and RabbitMQ.Client alike.
/// </summary>
internal static class LoadGeneratorSockets
{
    // Read by the runtime once, when the process makes its first socket.
    private const string InlineCompletionsVariable = "DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS";

    /// <summary>Call before any socket is made. A value already in the environment wins (0 turns it off).</summary>
    /// <remarks>
    /// Processes the tool starts inherit it. The MqApi server sets the same value itself unless
    /// <c>Server:InlineIoScheduling</c> is false; Node and RabbitMQ do not read it.
    /// </remarks>
    public static void RunCompletionsInline()
    {
        if (Environment.GetEnvironmentVariable(InlineCompletionsVariable) is null)
        {
            Environment.SetEnvironmentVariable(InlineCompletionsVariable, "1");
        }
    }
}
