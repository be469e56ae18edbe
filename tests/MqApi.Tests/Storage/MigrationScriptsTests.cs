using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.Logging.Abstractions;
using MqApi.Broker.Persistence;
using MqApi.Storage;

namespace MqApi.Tests.Storage;

/// <summary>
/// The server migrates from embedded SQL instead of EF Core; these keep that SQL exactly what the
/// migrations generate, so migrations stay the one source of the schema.
/// </summary>
public sealed class MigrationScriptsTests
{
    [Fact]
    public async Task EveryMigrationEfCoreKnowsHasAnEmbeddedScriptAndNoOtherDoes()
    {
        await using var database = new TemporaryBrokerDatabase();
        await using var context = EfCoreContext(database);

        Assert.Equal(context.Database.GetMigrations(), MigrationScripts.MigrationIds);
    }

    [Fact]
    public async Task EachEmbeddedScriptIsWhatItsMigrationGeneratesNow()
    {
        await using var database = new TemporaryBrokerDatabase();
        await using var context = EfCoreContext(database);
        var migrator = context.GetService<IMigrator>();

        var from = Migration.InitialDatabase;
        foreach (var migrationId in context.Database.GetMigrations())
        {
            var generated = migrator.GenerateScript(from, migrationId);
            var embedded = MigrationScripts.Read(migrationId);
            Assert.True(SameLines(generated, embedded),
                $"src/MqApi/Storage/Migrations/{migrationId}.sql is not what the migration generates now; write it again with " +
                $"`dotnet ef migrations script {from} {migrationId} -p src/MqApi -o src/MqApi/Storage/Migrations/{migrationId}.sql`");
            from = migrationId;
        }
    }

    [Fact]
    public async Task TheModelHasNoChangeThatLacksAMigration()
    {
        await using var database = new TemporaryBrokerDatabase();
        await using var context = EfCoreContext(database);

        Assert.False(context.Database.HasPendingModelChanges(), "the model changed: add a migration (dotnet ef migrations add) and its script");
    }

    [Fact]
    public async Task ANewDatabaseGetsTheSchemaAndHistoryThatEfCoreMigrateGives()
    {
        await using var byEfCore = new TemporaryBrokerDatabase();
        await using var byScripts = new TemporaryBrokerDatabase();
        await MigrateWithEfCoreAsync(byEfCore);

        await ScriptsFor(byScripts).ApplyAsync(CancellationToken.None);

        Assert.Equal(await SchemaAsync(byEfCore), await SchemaAsync(byScripts));
        Assert.Equal(await HistoryAsync(byEfCore), await HistoryAsync(byScripts));
        await using var context = EfCoreContext(byScripts);
        Assert.Empty(await context.Database.GetPendingMigrationsAsync());
    }

    [Fact]
    public async Task ADatabaseEfCoreMigratedIsLeftAsItIs()
    {
        await using var database = new TemporaryBrokerDatabase();
        await MigrateWithEfCoreAsync(database);
        await ExecuteAsync(database, "INSERT INTO vhosts (name, description, tags, default_queue_type) VALUES ('kept', '', '[]', 'classic')");

        await ScriptsFor(database).ApplyAsync(CancellationToken.None);

        Assert.Equal(1L, await ScalarAsync(database, "SELECT count(*) FROM vhosts WHERE name = 'kept'"));
        Assert.Equal(MigrationScripts.MigrationIds.Count, (await HistoryAsync(database)).Count);
    }

    [Fact]
    public async Task AMigratedDatabaseStartsAgainWithItsData()
    {
        await using var database = new TemporaryBrokerDatabase();
        await using (var first = await database.StartStoreAsync())
        {
            await first.WriteAsync(new StoreWrite.SaveQueue(StoreSamples.Queue("/", "kept")));
        }

        await using var second = await database.StartStoreAsync();

        Assert.Contains((await second.LoadAsync()).Queues, q => q.Name == "kept");
        Assert.Equal(MigrationScripts.MigrationIds.Count, (await HistoryAsync(database)).Count);
    }

    private static MqDbContext EfCoreContext(TemporaryBrokerDatabase database) =>
        new(new DbContextOptionsBuilder<MqDbContext>().UseSqlite(database.ConnectionString).Options);

    private static MigrationScripts ScriptsFor(TemporaryBrokerDatabase database)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(database.FilePath)!);
        return new MigrationScripts(database.ConnectionString, NullLogger<MigrationScripts>.Instance);
    }

    private static async Task MigrateWithEfCoreAsync(TemporaryBrokerDatabase database)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(database.FilePath)!);
        await using var context = EfCoreContext(database);
        await context.Database.MigrateAsync();
    }

    private static bool SameLines(string a, string b) =>
        a.ReplaceLineEndings("\n").TrimEnd() == b.ReplaceLineEndings("\n").TrimEnd();

    /// <summary>Tables and indexes with their SQL; EF Core's own lock table is its business, not the schema.</summary>
    private static async Task<List<string>> SchemaAsync(TemporaryBrokerDatabase database) => await RowsAsync(database,
        "SELECT type || ' ' || name || ': ' || ifnull(sql, '') FROM sqlite_master " +
        "WHERE name NOT LIKE 'sqlite_%' AND name <> '__EFMigrationsLock' ORDER BY type, name");

    private static async Task<List<string>> HistoryAsync(TemporaryBrokerDatabase database) =>
        await RowsAsync(database, "SELECT MigrationId || ' ' || ProductVersion FROM __EFMigrationsHistory ORDER BY MigrationId");

    private static async Task<List<string>> RowsAsync(TemporaryBrokerDatabase database, string sql)
    {
        await using var connection = new SqliteConnection(database.ConnectionString);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<string>();
        while (await reader.ReadAsync()) rows.Add(reader.GetString(0));
        return rows;
    }

    private static async Task<object?> ScalarAsync(TemporaryBrokerDatabase database, string sql)
    {
        await using var connection = new SqliteConnection(database.ConnectionString);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return await command.ExecuteScalarAsync();
    }

    private static async Task ExecuteAsync(TemporaryBrokerDatabase database, string sql)
    {
        await using var connection = new SqliteConnection(database.ConnectionString);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }
}
