namespace MqApi.Tests.TestInfrastructure;

/// <summary>
/// One app for a whole test class (<c>IClassFixture&lt;SharedMqApiHost&gt;</c>), for tests that keep to a vhost
/// of their own: starting a host costs a second or more, a vhost a few milliseconds. Tests that restart the
/// app or look at global state take a <see cref="MqApiFactory"/> of their own instead.
/// </summary>
public sealed class SharedMqApiHost : IAsyncLifetime
{
    public MqApiFactory Factory { get; } = new();

    public Task InitializeAsync()
    {
        _ = Factory.Server; // start now, so a failure to start shows as the fixture's
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await Factory.DisposeAsync();
}
