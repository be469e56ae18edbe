using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using MqApi.Broker.Persistence;

namespace MqApi.Storage;

public static class StorageServiceCollectionExtensions
{
    /// <summary>Used when <c>ConnectionStrings:Broker</c> is not configured.</summary>
    public const string DefaultConnectionString = "Data Source=data/mqapi.db";

    /// <summary>
    /// Registers <see cref="IDbContextFactory{MqDbContext}"/> and <see cref="SqliteBrokerStore"/> as the
    /// singleton <see cref="IBrokerStore"/>, over <c>ConnectionStrings:Broker</c>. Creates the database
    /// file's folder if it is missing, so a fresh volume works without set-up.
    /// </summary>
    public static IServiceCollection AddBrokerStorage(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var connectionString = configuration.GetConnectionString("Broker") ?? DefaultConnectionString;
        CreateDatabaseFolder(connectionString);

        services.AddDbContextFactory<MqDbContext>(options => options.UseSqlite(connectionString));
        services.AddSingleton(new MigrationHistory(connectionString));
        services.AddMetrics(); // the IMeterFactory StoreMetrics needs; the web host adds it too, and once is enough
        services.AddSingleton<StoreMetrics>();
        services.AddSingleton<IBrokerStore>(provider => new SqliteBrokerStore(
            connectionString,
            provider.GetRequiredService<ILogger<SqliteBrokerStore>>(),
            provider.GetRequiredService<StoreMetrics>()));
        return services;
    }

    /// <summary>Applies pending migrations. Call it before the broker loads its state or serves.</summary>
    /// <remarks>
    /// When the database already records the latest migration, EF Core is not started at all: its
    /// Migrate builds the model and compares it with the snapshot, a large share of a restart's CPU.
    /// Migrations stay the only way the schema is made or upgraded.
    /// </remarks>
    public static async Task MigrateBrokerDatabaseAsync(this IServiceProvider services, CancellationToken cancellationToken)
    {
        if (await services.GetRequiredService<MigrationHistory>().IsCurrentAsync(cancellationToken)) return;

        var contextFactory = services.GetRequiredService<IDbContextFactory<MqDbContext>>();
        await using var context = await contextFactory.CreateDbContextAsync(cancellationToken);
        await context.Database.MigrateAsync(cancellationToken);
    }

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
