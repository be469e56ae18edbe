using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace MqApi.Tests.TestInfrastructure;

/// <summary>Reads queues over REST, as guest, to check what hub calls did.</summary>
public static class RestQueues
{
    public sealed record Counters(int Messages, int MessagesReady, int MessagesUnacknowledged, int Consumers);

    public static async Task<Counters> GetAsync(MqApiFactory factory, string queue, string vhost = "/")
    {
        var response = await factory.CreateGuestClient().GetAsync(Path(queue, vhost)).WaitAsync(TestTimeouts.Delivery);
        response.EnsureSuccessStatusCode();
        var json = await response.Content.ReadFromJsonAsync<JsonElement>();
        return new Counters(
            json.GetProperty("messages").GetInt32(), json.GetProperty("messages_ready").GetInt32(),
            json.GetProperty("messages_unacknowledged").GetInt32(), json.GetProperty("consumers").GetInt32());
    }

    public static async Task<bool> ExistsAsync(MqApiFactory factory, string queue, string vhost = "/")
    {
        var response = await factory.CreateGuestClient().GetAsync(Path(queue, vhost)).WaitAsync(TestTimeouts.Delivery);
        if (response.StatusCode == HttpStatusCode.NotFound) return false;
        response.EnsureSuccessStatusCode();
        return true;
    }

    private static string Path(string queue, string vhost) => $"/api/queues/{Uri.EscapeDataString(vhost)}/{Uri.EscapeDataString(queue)}";
}
