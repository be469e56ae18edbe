using System.Text.Json;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;
using MqApi.Api;
using MqApi.Broker;
using MqApi.Broker.Messages;

namespace MqApi.Hubs;

/// <summary>
/// The overview as the hub sends it: exactly the JSON of <c>GET /api/overview</c>, RabbitMQ's snake_case
/// names included. The snapshot holds records (message_stats) that the hub's camelCase serializer would
/// rename, so it is written once with the REST API's own serializer options and sent as plain maps and
/// values, which both hub protocols carry unchanged.
/// </summary>
public sealed class OverviewPayload(MessageBroker broker, IOptions<JsonOptions> restJson)
{
    private readonly JsonSerializerOptions _restJson = restJson.Value.SerializerOptions;

    public IReadOnlyDictionary<string, object?> Build(Caller caller) =>
        FieldTable.TableFromJson(JsonSerializer.SerializeToElement(OverviewSnapshot.Build(broker, caller), _restJson));
}
