using System.Reflection;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace MqApi.Storage;

/// <summary>
/// Tells, without starting EF Core, whether a database already has every migration of
/// <see cref="MqDbContext"/> applied: a read of EF Core's own history table.
/// </summary>
internal sealed class MigrationHistory(string connectionString)
{
    /// <summary>The id of the newest migration in this build (ids sort by their timestamp prefix).</summary>
    internal static readonly string LatestMigrationId = typeof(MqDbContext).Assembly.GetTypes()
        .Where(t => t.GetCustomAttribute<DbContextAttribute>()?.ContextType == typeof(MqDbContext))
        .Select(t => t.GetCustomAttribute<MigrationAttribute>()?.Id)
        .OfType<string>()
        .Max(StringComparer.Ordinal)!;

    /// <summary>
    /// True when the history table lists the newest migration. A missing file, table or row is
    /// "not current", and Migrate then does what it always does.
    /// </summary>
    public async Task<bool> IsCurrentAsync(CancellationToken cancellationToken)
    {
        var builder = new SqliteConnectionStringBuilder(connectionString);
        // ReadWrite (not ReadWriteCreate) never creates the file; an in-memory database starts empty anyway.
        if (builder.Mode == SqliteOpenMode.Memory || builder.DataSource is "" or ":memory:") return false;
        builder.Mode = SqliteOpenMode.ReadWrite;
        try
        {
            await using var connection = new SqliteConnection(builder.ToString());
            await connection.OpenAsync(cancellationToken);
            await using var command = connection.CreateCommand();
            command.CommandText = "SELECT 1 FROM __EFMigrationsHistory WHERE MigrationId = $id";
            command.Parameters.AddWithValue("$id", LatestMigrationId);
            return await command.ExecuteScalarAsync(cancellationToken) is not null;
        }
        catch (SqliteException)
        {
            return false; // no file yet, or no history table: Migrate creates them
        }
    }
}
