using System.Net.Http.Headers;
using System.Text;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Data.Sqlite;

namespace MqApi.Tests.TestInfrastructure;

/// <summary>
/// The real app on the in-memory test server, over its own temporary SQLite file (deleted on dispose
/// unless another factory still uses it). <see cref="RestartAsync"/> stops this host and starts a new one
/// on the same file, which is how tests prove what survives a restart.
/// </summary>
public sealed class MqApiFactory : WebApplicationFactory<Program>
{
    private readonly Dictionary<string, string?> _settings;
    private readonly bool _ownsDatabase;

    public MqApiFactory(IDictionary<string, string?>? settings = null)
        : this(Path.Combine(Path.GetTempPath(), $"mqapi-test-{Guid.NewGuid():N}.db"), settings, ownsDatabase: true)
    {
    }

    private MqApiFactory(string databasePath, IDictionary<string, string?>? settings, bool ownsDatabase)
    {
        DatabasePath = databasePath;
        _settings = new Dictionary<string, string?>(settings ?? new Dictionary<string, string?>());
        _ownsDatabase = ownsDatabase;
    }

    public string DatabasePath { get; }

    /// <summary>An HttpClient signed in as <paramref name="user"/> (guest by default).</summary>
    public HttpClient CreateClient(string user, string password)
    {
        var client = CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password}")));
        return client;
    }

    public HttpClient CreateGuestClient() => CreateClient("guest", "guest");

    /// <summary>Stops this host and starts a new one on the same database file; the caller disposes the new one.</summary>
    public async Task<MqApiFactory> RestartAsync()
    {
        var next = new MqApiFactory(DatabasePath, _settings, ownsDatabase: true);
        await StopWithoutDeletingAsync();
        _ = next.Server; // start it now, so a failure to recover shows here
        return next;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("ConnectionStrings:Broker", $"Data Source={DatabasePath}");
        foreach (var (key, value) in _settings) builder.UseSetting(key, value);
    }

    private bool _deleteOnDispose = true;

    private async Task StopWithoutDeletingAsync()
    {
        _deleteOnDispose = false;
        await DisposeAsync();
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        if (!_ownsDatabase || !_deleteOnDispose) return;
        SqliteConnection.ClearAllPools();
        foreach (var suffix in new[] { "", "-wal", "-shm", "-journal" })
        {
            var file = DatabasePath + suffix;
            if (File.Exists(file)) File.Delete(file);
        }
    }
}
