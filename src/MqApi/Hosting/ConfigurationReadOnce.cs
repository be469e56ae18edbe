namespace MqApi.Hosting;

/// <summary>
/// Configuration is read once, at start, as RabbitMQ reads its own. The host's default would reload
/// appsettings.json on change by watching the content root with a recursive file watcher, and the
/// default database (<c>data/mqapi.db</c>) lives under it: every WAL write woke the watcher's thread to
/// filter the event out, about 7% of the server's CPU under persistent publish (docs/benchmarks.md,
/// section 10). Nothing in MqApi reads options as they change, so reloading bought nothing.
/// </summary>
public static class ConfigurationReadOnce
{
    /// <summary>The host setting that decides whether the default JSON sources watch their files.</summary>
    public const string ReloadSetting = "hostBuilder:reloadConfigOnChange";

    /// <summary>
    /// The command line with reloading turned off in front, so that an operator's own
    /// <c>--hostBuilder:reloadConfigOnChange=true</c> after it still wins.
    /// </summary>
    public static string[] Arguments(string[] args) => [$"--{ReloadSetting}=false", .. args];
}
