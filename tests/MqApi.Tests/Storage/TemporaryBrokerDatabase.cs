using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using MqApi.Broker.Persistence;
using MqApi.Storage;

namespace MqApi.Tests.Storage;

/// <summary>
/// A SQLite file of one test's own, in a folder under the temp path that does not exist yet (so
/// every test also covers the folder creation). The folder is deleted, WAL files and all, on dispose.
/// </summary>
internal sealed class TemporaryBrokerDatabase : IAsyncDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), $"mqapi-storage-{Guid.NewGuid():N}");

    public string FilePath => Path.Combine(_folder, "broker.db");

    /// <summary>Pooling off, so no idle pooled connection keeps the file open after a store is gone.</summary>
    public string ConnectionString =>
        new SqliteConnectionStringBuilder { DataSource = FilePath, Pooling = false }.ToString();

    /// <summary>Starts a store over the file the way the app does: AddBrokerStorage, then migrations.</summary>
    public async Task<RunningStore> StartStoreAsync()
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["ConnectionStrings:Broker"] = ConnectionString })
            .Build();
        var services = new ServiceCollection()
            .AddLogging(logging => logging.SetMinimumLevel(LogLevel.Warning))
            .AddBrokerStorage(configuration)
            .BuildServiceProvider();
        await services.MigrateBrokerDatabaseAsync(CancellationToken.None).WaitAsync(RunningStore.Deadline);
        return new RunningStore(services);
    }

    public ValueTask DisposeAsync()
    {
        if (Directory.Exists(_folder)) Directory.Delete(_folder, recursive: true);
        return ValueTask.CompletedTask;
    }
}

/// <summary>One store instance and its service provider; disposing it shuts the store down as the host would.</summary>
internal sealed class RunningStore(ServiceProvider services) : IAsyncDisposable
{
    /// <summary>How long any one await may take before the test fails instead of hanging.</summary>
    public static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    public IBrokerStore Store { get; } = services.GetRequiredService<IBrokerStore>();

    /// <summary>Submits the writes together and waits for their commit.</summary>
    public Task WriteAsync(params StoreWrite[] writes) => Store.WriteAsync(writes).WaitAsync(Deadline);

    public Task<RecoveredState> LoadAsync() => Store.LoadAsync(int.MaxValue, CancellationToken.None).WaitAsync(Deadline);

    public ValueTask DisposeAsync() => services.DisposeAsync();
}
