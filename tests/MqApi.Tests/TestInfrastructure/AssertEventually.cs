namespace MqApi.Tests.TestInfrastructure;

/// <summary>For effects that follow a call asynchronously (a closed connection's clean-up): poll until true or the deadline.</summary>
public static class AssertEventually
{
    public static async Task TrueAsync(Func<Task<bool>> condition, string? because = null)
    {
        var deadline = DateTime.UtcNow + TestTimeouts.Delivery;
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline) Assert.Fail($"still false after {TestTimeouts.Delivery.TotalSeconds} s{(because is null ? "" : ": " + because)}");
            await Task.Delay(20);
        }
    }
}
