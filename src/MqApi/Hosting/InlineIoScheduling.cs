namespace MqApi.Hosting;

/// <summary>
/// Runs socket completions and request code on the socket event threads instead of handing each one to
/// the thread pool. A publish is a few microseconds of work between two socket events, so on a small
/// machine the hand-offs (a thread wake-up each) cost more than the work: inlining them lifted REST
/// publish at 64 connections by 10-15% here (docs/benchmarks.md, "Profiles and optimisations").
/// </summary>
/// <remarks>
/// Safe only while no request blocks its thread: request code awaits the store instead of waiting on it,
/// page reads run on the pool, and a password hash (the one slow computation) is taken off the thread
/// by the basic authentication handler. <c>Server:InlineIoScheduling=false</c> turns it off.
/// </remarks>
public static class InlineIoScheduling
{
    public const string Setting = "Server:InlineIoScheduling";

    // Read by the runtime's socket engine once, when the first socket is made; Kestrel's listen socket is
    // made after the host is built, so setting it while configuring the host is early enough.
    private const string InlineCompletionsVariable = "DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS";

    public static void UseInlineIoScheduling(this WebApplicationBuilder builder)
    {
        if (!builder.Configuration.GetValue(Setting, defaultValue: true)) return;
        // An operator's own choice in the environment wins.
        if (Environment.GetEnvironmentVariable(InlineCompletionsVariable) is null)
        {
            Environment.SetEnvironmentVariable(InlineCompletionsVariable, "1");
        }
        builder.WebHost.UseSockets(sockets => sockets.UnsafePreferInlineScheduling = true);
    }
}
