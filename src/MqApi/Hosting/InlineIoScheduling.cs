namespace MqApi.Hosting;

/// <summary>
/// Runs socket completions and request code on the socket event threads instead of handing each one to
/// the thread pool. A publish is a few microseconds of work between two socket events, and each
/// hand-off is a thread wake-up, costly on a small virtual machine; inlining removes two of them per
/// request. In back-to-back runs the gain in REST publish was about 4% at the median, less than the
/// spread between runs (docs/benchmarks.md, "Profiles and optimisations", section 7).
/// </summary>
/// <remarks>
/// Safe only while no request blocks its thread: request code awaits the store instead of waiting on it,
/// page reads run on the pool, and a PBKDF2 password hash (the one slow computation) runs on the pool too
/// (<see cref="Security.PasswordHashing.HashAsync"/>). <c>Server:InlineIoScheduling=false</c> turns it off.
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
