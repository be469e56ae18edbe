using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace MqApi.Storage;

/// <summary>
/// Lets <c>dotnet ef migrations add</c> build the model without starting the app. Scaffolding a
/// migration never opens the database, so the default connection string is only a placeholder.
/// </summary>
internal sealed class MqDbContextDesignTimeFactory : IDesignTimeDbContextFactory<MqDbContext>
{
    public MqDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<MqDbContext>()
            .UseSqlite(StorageServiceCollectionExtensions.DefaultConnectionString)
            .Options);
}
