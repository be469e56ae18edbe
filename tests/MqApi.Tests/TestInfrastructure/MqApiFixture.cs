namespace MqApi.Tests.TestInfrastructure;

/// <summary>
/// One app for a test class (xUnit runs a class's tests one at a time). Tests sharing it use their own
/// uniquely named exchanges and queues, and never count objects they did not make.
/// </summary>
public sealed class MqApiFixture : IAsyncLifetime
{
    public MqApiFactory Factory { get; } = new();

    public Task InitializeAsync()
    {
        _ = Factory.Server; // start now, so a broken start-up fails here and not inside the first test
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await Factory.DisposeAsync();

    /// <summary>A name no other test uses.</summary>
    public static string Unique(string prefix) => $"{prefix}-{Guid.NewGuid():N}";
}
