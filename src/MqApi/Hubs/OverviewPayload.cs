using System.Text.Json;
using MqApi.Api;
using MqApi.Api.Json;
using MqApi.Broker;
using MqApi.Broker.Messages;

namespace MqApi.Hubs;

/// <summary>
/// The overview as the hub sends it: exactly the JSON of <c>GET /api/overview</c>, RabbitMQ's snake_case
/// names included. The snapshot holds records (message_stats) that the hub's camelCase serializer would
/// rename, so it is written once with the REST API's rules and sent as plain maps and values, which both
/// hub protocols carry unchanged.
/// </summary>
public static class OverviewPayload
{
    private static readonly JsonSerializerOptions RestJson = CreateRestJson();

    public static IReadOnlyDictionary<string, object?> Build(MessageBroker broker, Caller caller) =>
        FieldTable.TableFromJson(JsonSerializer.SerializeToElement(OverviewSnapshot.Build(broker, caller), RestJson));

    private static JsonSerializerOptions CreateRestJson()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web);
        ApiJson.Configure(options);
        return options;
    }
}
