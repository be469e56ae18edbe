using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MqApi.Broker.Persistence;
using MqApi.Storage;

namespace MqApi.Tests.Storage;

public sealed class MigrationHistoryTests
{
    [Fact]
    public async Task LatestMigrationIdIsTheLastMigrationEfCoreKnows()
    {
        await using var database = new TemporaryBrokerDatabase();
        await using var context = new MqDbContext(new DbContextOptionsBuilder<MqDbContext>().UseSqlite(database.ConnectionString).Options);

        Assert.Equal(context.Database.GetMigrations().Last(), MigrationHistory.LatestMigrationId);
    }

    [Fact]
    public async Task AMissingDatabaseIsNotCurrentAndIsNotCreatedByTheCheck()
    {
        await using var database = new TemporaryBrokerDatabase();
        Directory.CreateDirectory(Path.GetDirectoryName(database.FilePath)!);

        Assert.False(await new MigrationHistory(database.ConnectionString).IsCurrentAsync(CancellationToken.None));
        Assert.False(File.Exists(database.FilePath));
    }

    [Fact]
    public async Task AMigratedDatabaseIsCurrentAndStartsAgainWithItsData()
    {
        await using var database = new TemporaryBrokerDatabase();
        await using (var first = await database.StartStoreAsync())
        {
            await first.WriteAsync(new StoreWrite.SaveQueue(StoreSamples.Queue("/", "kept")));
        }

        Assert.True(await new MigrationHistory(database.ConnectionString).IsCurrentAsync(CancellationToken.None));
        await using var second = await database.StartStoreAsync();
        Assert.Contains((await second.LoadAsync()).Queues, q => q.Name == "kept");
    }
}
