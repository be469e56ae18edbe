namespace MqApi.Tests.TestInfrastructure;

/// <summary>
/// One app shared by the tests of a class (a host costs about half a second to start). Tests stay
/// isolated by working in a vhost of their own (<see cref="ApiRequests.CreateVhostAsync"/>) or under
/// unique names (<see cref="ApiRequests.UniqueName"/>); a test that needs its own settings or a restart
/// makes its own <see cref="MqApiFactory"/>.
/// </summary>
public sealed class ApiFixture : IAsyncLifetime
{
    public MqApiFactory Factory { get; } = new();

    public HttpClient CreateGuestClient() => Factory.CreateGuestClient();

    public Task InitializeAsync()
    {
        _ = Factory.Server;
        return Task.CompletedTask;
    }

    public Task DisposeAsync() => Factory.DisposeAsync().AsTask();
}
