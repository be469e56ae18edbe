using System.Net.Http.Headers;
using System.Text;

namespace MqApi.Tests.TestInfrastructure;

/// <summary>
/// One app on a real loopback socket shared by the tests of a class, for what the in-memory test
/// server cannot show: it leaves the raw request target empty and hands the app a path already decoded
/// once, so names with <c>%</c> in them and paths read "as sent" only behave as in production over Kestrel.
/// </summary>
public sealed class KestrelFixture : IAsyncLifetime
{
    private KestrelAppHost? _host;

    public KestrelAppHost Host => _host ?? throw new InvalidOperationException("the fixture has not started");

    public HttpClient CreateGuestClient()
    {
        var client = Host.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes("guest:guest")));
        return client;
    }

    public async Task InitializeAsync() => _host = await KestrelAppHost.StartAsync();

    public async Task DisposeAsync()
    {
        if (_host is not null) await _host.DisposeAsync();
    }
}
