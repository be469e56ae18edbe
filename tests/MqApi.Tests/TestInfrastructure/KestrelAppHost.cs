using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace MqApi.Tests.TestInfrastructure;

/// <summary>
/// The real MqApi app served by Kestrel on a free loopback port, for clients that cannot use the
/// in-memory TestServer (a browser, a raw socket). Each host gets its own temporary SQLite file,
/// which is deleted on dispose. For HttpClient-only tests the in-memory WebApplicationFactory is cheaper.
/// </summary>
/// <example>
/// <code>
/// await using var host = await KestrelAppHost.StartAsync();
/// var url = new Uri(host.BaseAddress, "/some/page");
/// </code>
/// </example>
public sealed class KestrelAppHost : IAsyncDisposable
{
    public static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(30);
    public static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(15);

    private readonly AppFactory _factory;

    private KestrelAppHost(AppFactory factory, Uri baseAddress)
    {
        _factory = factory;
        BaseAddress = baseAddress;
    }

    /// <summary>Where the app listens, e.g. <c>http://127.0.0.1:41234/</c>.</summary>
    public Uri BaseAddress { get; }

    /// <summary>The SQLite file behind <c>ConnectionStrings:Broker</c>; it may not exist until the app writes to it.</summary>
    public string DatabasePath => _factory.DatabasePath;

    /// <summary>The app's service provider, to look at broker state from a test.</summary>
    public IServiceProvider Services => _factory.Services;

    /// <summary>
    /// Starts the app. <paramref name="configureWebHost"/> runs after the host's own settings, so a test can
    /// add settings or replace services. Settings made with <c>UseSetting</c> are visible to Program.cs while it
    /// builds; those added through <c>ConfigureAppConfiguration</c> only appear once the app is built.
    /// </summary>
    public static async Task<KestrelAppHost> StartAsync(Action<IWebHostBuilder>? configureWebHost = null)
    {
        var databasePath = Path.Combine(Path.GetTempPath(), $"mqapi-test-{Guid.NewGuid():N}.db");
        var factory = new AppFactory(databasePath, configureWebHost);
        try
        {
            factory.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
            // StartServer blocks while the host starts; run it off the test thread so the deadline holds.
            await Task.Run(factory.StartServer).WaitAsync(StartTimeout);
            return new KestrelAppHost(factory, BoundAddress(factory.Services));
        }
        catch
        {
            await factory.DisposeAsync();
            throw;
        }
    }

    /// <summary>An HttpClient that talks to the app over the loopback socket.</summary>
    public HttpClient CreateClient() => new() { BaseAddress = BaseAddress };

    public async ValueTask DisposeAsync()
    {
        await _factory.DisposeAsync().AsTask().WaitAsync(StopTimeout);
    }

    private static Uri BoundAddress(IServiceProvider services)
    {
        var addresses = services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses;
        var address = addresses?.SingleOrDefault()
            ?? throw new InvalidOperationException("Kestrel started without reporting exactly one bound address.");
        return new Uri(address.EndsWith('/') ? address : address + "/");
    }

    private sealed class AppFactory(string databasePath, Action<IWebHostBuilder>? configureWebHost)
        : WebApplicationFactory<Program>
    {
        public string DatabasePath { get; } = databasePath;

        private string ConnectionString => $"Data Source={DatabasePath}";

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            // UseSetting (not ConfigureAppConfiguration) so that Program.cs already sees it before Build().
            builder.UseSetting("ConnectionStrings:Broker", ConnectionString);
            // A browser may hold keep-alive connections; don't let shutdown wait the default 30 s for them.
            builder.ConfigureServices(services =>
                services.Configure<HostOptions>(options => options.ShutdownTimeout = TimeSpan.FromSeconds(5)));
            configureWebHost?.Invoke(builder);
        }

        public override async ValueTask DisposeAsync()
        {
            try
            {
                await base.DisposeAsync();
            }
            finally
            {
                DeleteDatabaseFiles();
            }
        }

        private void DeleteDatabaseFiles()
        {
            // Pooled connections keep the file open; close this database's pool before deleting it.
            using (var connection = new SqliteConnection(ConnectionString))
            {
                SqliteConnection.ClearPool(connection);
            }

            foreach (var suffix in new[] { "", "-wal", "-shm", "-journal" })
            {
                File.Delete(DatabasePath + suffix);
            }
        }
    }
}
