namespace MqApi.ServerHarness;

/// <summary>
/// Runtime settings that only an environment variable can give, which the Dockerfile sets for the
/// container and the harness sets for the servers it starts, so that measurements are of the server as
/// it ships. Keep the two equal.
/// </summary>
internal static class ContainerRuntimeSettings
{
    /// <summary>
    /// The GC's gen0 budget. The runtime sizes it from the CPU's last-level cache; where it cannot read
    /// the cache size (virtual machines that do not expose it, as this project's build machine) it falls
    /// back to about 2 MiB, and a broker under load then collects dozens of times a second. 32 MiB.
    /// </summary>
    public const string Gen0BudgetVariable = "DOTNET_GCgen0size";

    public const string Gen0Budget = "0x2000000";
}
