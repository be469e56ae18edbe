namespace MqApi.Tests.TestInfrastructure;

/// <summary>Deadlines for awaits in tests: a hang fails in seconds instead of stalling the run.</summary>
public static class TestTimeouts
{
    public static readonly TimeSpan Delivery = TimeSpan.FromSeconds(10);
    public static readonly TimeSpan NoDelivery = TimeSpan.FromMilliseconds(300);
}
