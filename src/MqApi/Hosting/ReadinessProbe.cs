namespace MqApi.Hosting;

/// <summary>
/// `dotnet MqApi.dll --probe-ready [url]`: asks a running MqApi whether it is ready and exits 0 or 1.
/// The container's HEALTHCHECK uses it, since the runtime image has no curl or wget.
/// </summary>
public static class ReadinessProbe
{
    public const string Argument = "--probe-ready";

    public static async Task<int> RunAsync(string[] args)
    {
        var url = args.Length > 1 ? args[1] : "http://127.0.0.1:15672/health/ready";
        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        try
        {
            using var response = await client.GetAsync(url);
            return response.IsSuccessStatusCode ? 0 : 1;
        }
        catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException)
        {
            await Console.Error.WriteLineAsync($"not ready: {exception.Message}");
            return 1;
        }
    }
}
