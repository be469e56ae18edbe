using BenchmarkDotNet.Attributes;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using MqApi.Broker.Persistence;
using MqApi.Storage;

namespace MqApi.Benchmarks.Storage;

/// <summary>
/// How many InsertMessages per second the writer commits with 16 concurrent submitters (and, as the
/// baseline, with one), each write one 256-byte message, on a temp file with the production pragmas (WAL, synchronous=FULL). Divide the
/// reported time per operation into one second for the rate. The figure is only as honest as the
/// disk's fsync: a tmpfs or a cache that ignores flushes makes it look far better than it is.
/// </summary>
[MemoryDiagnoser]
public class SqliteBrokerStoreInsertBenchmarks
{
    private const int Submitters = 16;
    private const int InsertsPerSubmitter = 256;
    private const int Inserts = Submitters * InsertsPerSubmitter;

    private static readonly byte[] Body = new byte[256];

    private readonly string _folder = Path.Combine(Path.GetTempPath(), $"mqapi-bench-{Guid.NewGuid():N}");
    private ServiceProvider? _services;
    private IBrokerStore? _store;
    private long _lastId;

    [GlobalSetup]
    public async Task StartStoreAsync()
    {
        var connectionString = new SqliteConnectionStringBuilder { DataSource = Path.Combine(_folder, "bench.db") }.ToString();
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["ConnectionStrings:Broker"] = connectionString })
            .Build();
        _services = new ServiceCollection().AddLogging().AddBrokerStorage(configuration).BuildServiceProvider();
        await _services.MigrateBrokerDatabaseAsync(CancellationToken.None);
        _store = _services.GetRequiredService<IBrokerStore>();
        await _store.WriteAsync(new StoreWrite.SaveQueue(new QueueRecord("/", "bench", AutoDelete: false, new Dictionary<string, object?>())));
    }

    [GlobalCleanup]
    public async Task StopStoreAsync()
    {
        if (_services is not null) await _services.DisposeAsync();
        SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    /// <summary>Each submitter waits for its insert to commit before sending the next, like a publisher awaiting each confirm.</summary>
    [Benchmark(OperationsPerInvoke = Inserts)]
    public Task EachSubmitterAwaitsEveryInsertAsync() => RunSubmittersAsync(async store =>
    {
        for (var i = 0; i < InsertsPerSubmitter; i++) await store.WriteAsync(NextInsert());
    });

    /// <summary>
    /// The baseline without group commit: one submitter awaiting each insert pays one fsync per insert.
    /// </summary>
    [Benchmark(Baseline = true, OperationsPerInvoke = InsertsPerSubmitter)]
    public async Task OneSubmitterAwaitsEveryInsertAsync()
    {
        var store = _store ?? throw new InvalidOperationException("The store is not started.");
        for (var i = 0; i < InsertsPerSubmitter; i++) await store.WriteAsync(NextInsert());
    }

    /// <summary>Each submitter sends all its inserts, then waits for them all, like a publisher with a confirm window.</summary>
    [Benchmark(OperationsPerInvoke = Inserts)]
    public Task EachSubmitterPipelinesItsInsertsAsync() => RunSubmittersAsync(store =>
    {
        var commits = new Task[InsertsPerSubmitter];
        for (var i = 0; i < InsertsPerSubmitter; i++) commits[i] = store.WriteAsync(NextInsert());
        return Task.WhenAll(commits);
    });

    private Task RunSubmittersAsync(Func<IBrokerStore, Task> submitter)
    {
        var store = _store ?? throw new InvalidOperationException("The store is not started.");
        return Task.WhenAll(Enumerable.Range(0, Submitters).Select(_ => Task.Run(() => submitter(store))));
    }

    private StoreWrite.InsertMessages NextInsert() =>
        new([new StoredMessage(Interlocked.Increment(ref _lastId), "/", "bench", "amq.direct", "bench", "{}", Body, 0, null)]);
}
