using Microsoft.Data.Sqlite;

namespace MqApi.Storage;

/// <summary>
/// Creates or upgrades the schema with the SQL that EF Core generates for each migration of
/// <see cref="MqDbContext"/>, embedded in this assembly (Storage/Migrations/&lt;id&gt;.sql) and run over
/// plain Microsoft.Data.Sqlite. Each script is EF Core's own: one transaction that makes the change and
/// writes the migration's row in <c>__EFMigrationsHistory</c>, so EF Core (dotnet ef, the tests) sees the
/// database exactly as if it had migrated it.
/// </summary>
/// <remarks>
/// The server never starts EF Core: its model building and migrator stayed mapped and resident for the
/// life of the process (about 25 MiB of an idle server) for a job done once. Migrations remain
/// the only source of the schema: MigrationScriptsTests fails when a script is missing, extra, or not what
/// its migration generates now, and says how to write it.
/// Not made for two processes migrating one new file at once (EF Core's Migrate takes a lock for that);
/// one broker owns its database.
/// </remarks>
internal sealed partial class MigrationScripts(string connectionString, ILogger<MigrationScripts> logger)
{
    private const string ResourcePrefix = "MqApi.Storage.Migrations.";
    private const string ResourceSuffix = ".sql";

    /// <summary>The embedded migration ids, oldest first (ids sort by their timestamp prefix).</summary>
    internal static readonly IReadOnlyList<string> MigrationIds = typeof(MigrationScripts).Assembly.GetManifestResourceNames()
        .Where(name => name.StartsWith(ResourcePrefix, StringComparison.Ordinal) && name.EndsWith(ResourceSuffix, StringComparison.Ordinal))
        .Select(name => name[ResourcePrefix.Length..^ResourceSuffix.Length])
        .Order(StringComparer.Ordinal)
        .ToList();

    /// <summary>The SQL of one migration, as embedded.</summary>
    internal static string Read(string migrationId)
    {
        using var stream = typeof(MigrationScripts).Assembly.GetManifestResourceStream(ResourcePrefix + migrationId + ResourceSuffix)
            ?? throw new ArgumentException($"no embedded script for migration '{migrationId}'", nameof(migrationId));
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    /// <summary>Runs, oldest first, the scripts of the migrations the database does not list yet.</summary>
    public async Task ApplyAsync(CancellationToken cancellationToken)
    {
        await using var connection = new SqliteConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        var applied = await AppliedAsync(connection, cancellationToken);
        foreach (var migrationId in MigrationIds.Where(id => !applied.Contains(id)))
        {
            await using var command = connection.CreateCommand();
            command.CommandText = Read(migrationId);
            // A failed statement leaves the script's transaction open; closing the connection rolls it back.
            await command.ExecuteNonQueryAsync(cancellationToken);
            LogApplied(logger, migrationId);
        }
    }

    private static async Task<HashSet<string>> AppliedAsync(SqliteConnection connection, CancellationToken cancellationToken)
    {
        var applied = new HashSet<string>(StringComparer.Ordinal);
        await using var exists = connection.CreateCommand();
        exists.CommandText = "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = '__EFMigrationsHistory'";
        if (await exists.ExecuteScalarAsync(cancellationToken) is null) return applied;

        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT \"MigrationId\" FROM \"__EFMigrationsHistory\"";
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken)) applied.Add(reader.GetString(0));
        return applied;
    }

    [LoggerMessage(1, LogLevel.Information, "Applied migration {Migration}", EventName = "MigrationApplied")]
    private static partial void LogApplied(ILogger logger, string migration);
}
