using Microsoft.Extensions.Options;
using MqApi.Broker;
using MqApi.Broker.Persistence;
using MqApi.Security;
using MqApi.Storage;

namespace MqApi.Hosting;

/// <summary>
/// Brings the broker up before the server takes requests: applies migrations, recovers durable state
/// and, on a fresh database, creates the first user with full rights on the default vhost. Called
/// from Program before the server starts (a hosted service could start after the server does).
/// </summary>
public sealed partial class BrokerStartup(
    IServiceProvider services, MessageBroker broker, PasswordHashing hashing, IOptions<BrokerOptions> options, ILogger<BrokerStartup> logger)
{
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        await services.MigrateBrokerDatabaseAsync(cancellationToken);
        await broker.RecoverAsync(cancellationToken);
        if (broker.Users.Users.Count == 0) await CreateFirstUserAsync();
        LogRecovered(logger, broker.Vhosts.Count, broker.Vhosts.Sum(v => v.Queues.Count), broker.Vhosts.SelectMany(v => v.Queues).Sum(q => q.Counters.Messages));
    }

    private async Task CreateFirstUserAsync()
    {
        var (name, password) = (options.Value.DefaultUser, options.Value.DefaultPassword);
        var (hash, algorithm) = hashing.Hash(password);
        await broker.Users.SaveUserAsync(new UserRecord(name, hash, algorithm, ["administrator"]));
        await broker.Users.SavePermissionAsync(new PermissionRecord(name, MessageBroker.DefaultVhost, ".*", ".*", ".*"));
        LogFirstUser(logger, name);
    }

    [LoggerMessage(1, LogLevel.Information, "Recovered {Vhosts} vhosts, {Queues} durable queues and {Messages} persistent messages", EventName = "Recovered")]
    private static partial void LogRecovered(ILogger logger, int vhosts, int queues, int messages);

    [LoggerMessage(2, LogLevel.Information, "Created the first user {User} (administrator) on a fresh database", EventName = "FirstUser")]
    private static partial void LogFirstUser(ILogger logger, string user);
}
