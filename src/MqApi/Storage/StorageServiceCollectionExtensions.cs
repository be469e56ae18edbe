using Microsoft.Data.Sqlite;
using MqApi.Broker.Persistence;

namespace MqApi.Storage;

public static class StorageServiceCollectionExtensions
{
    /// <summary>Used when <c>ConnectionStrings:Broker</c> is not configured.</summary>
    public const string DefaultConnectionString = "Data Source=data/mqapi.db";

    /// <summary>
    /// Registers <see cref="SqliteBrokerStore"/> as the singleton <see cref="IBrokerStore"/>, over
    /// <c>ConnectionStrings:Broker</c>, and the schema's <see cref="MigrationScripts"/>. Creates the database
    /// file's folder if it is missing, so a fresh volume works without set-up.
    /// </summary>
    /// <remarks>
    /// No DbContext is registered: the server reads and writes with plain SQL and migrates with
    /// <see cref="MigrationScripts"/>, so EF Core is never loaded. <see cref="MqDbContext"/> is for
    /// dotnet ef and the tests.
    /// </remarks>
    public static IServiceCollection AddBrokerStorage(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var connectionString = configuration.GetConnectionString("Broker") ?? DefaultConnectionString;
        CreateDatabaseFolder(connectionString);

        services.AddSingleton(provider => new MigrationScripts(connectionString, provider.GetRequiredService<ILogger<MigrationScripts>>()));
        services.AddMetrics(); // the IMeterFactory StoreMetrics needs; the web host adds it too, and once is enough
        services.AddSingleton<StoreMetrics>();
        services.AddSingleton<IBrokerStore>(provider => new SqliteBrokerStore(
            connectionString,
            provider.GetRequiredService<ILogger<SqliteBrokerStore>>(),
            provider.GetRequiredService<StoreMetrics>()));
        return services;
    }

    /// <summary>
    /// Applies pending migrations from their embedded SQL (<see cref="MigrationScripts"/>). Call it before
    /// the broker loads its state or serves.
    /// </summary>
    public static Task MigrateBrokerDatabaseAsync(this IServiceProvider services, CancellationToken cancellationToken) =>
        services.GetRequiredService<MigrationScripts>().ApplyAsync(cancellationToken);

    private static void CreateDatabaseFolder(string connectionString)
    {
        var builder = new SqliteConnectionStringBuilder(connectionString);
        var dataSource = builder.DataSource;
        // In-memory databases and file: URIs have no plain path whose folder we could create.
        var hasFilePath = builder.Mode != SqliteOpenMode.Memory
            && !string.IsNullOrEmpty(dataSource)
            && dataSource != ":memory:"
            && !dataSource.StartsWith("file:", StringComparison.OrdinalIgnoreCase);
        if (!hasFilePath) return;

        var folder = Path.GetDirectoryName(Path.GetFullPath(dataSource));
        if (!string.IsNullOrEmpty(folder)) Directory.CreateDirectory(folder);
    }
}
