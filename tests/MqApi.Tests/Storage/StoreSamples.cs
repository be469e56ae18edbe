using System.Text;
using MqApi.Broker.Persistence;

namespace MqApi.Tests.Storage;

/// <summary>Small records for storage tests, with defaults so each test only spells out what it is about.</summary>
internal static class StoreSamples
{
    public static VhostRecord Vhost(string name = "/") => new(name, $"the {name} vhost", ["production", "eu"], "classic");

    public static ExchangeRecord Exchange(string vhost, string name, string type = "topic") =>
        new(vhost, name, type, AutoDelete: false, Internal: false,
            new Dictionary<string, object?> { ["alternate-exchange"] = "unrouted" });

    public static QueueRecord Queue(string vhost, string name) =>
        new(vhost, name, AutoDelete: false, new Dictionary<string, object?> { ["x-max-length"] = 1000L, ["x-overflow"] = "reject-publish" });

    public static BindingRecord QueueBinding(string vhost, string exchange, string queue, string routingKey = "orders.#") =>
        new(vhost, exchange, queue, DestinationIsQueue: true, routingKey, new Dictionary<string, object?>());

    public static BindingRecord ExchangeBinding(string vhost, string source, string destination, string routingKey = "#") =>
        new(vhost, source, destination, DestinationIsQueue: false, routingKey, new Dictionary<string, object?>());

    public static StoredMessage Message(long id, string vhost = "/", string queue = "orders") =>
        new(id, vhost, queue, "amq.topic", "orders.created", """{"delivery_mode":2}""",
            Encoding.UTF8.GetBytes($"message {id}"), DeliveryCount: 0, ExpiresAtUnixMs: null);

    public static StoreWrite.InsertMessages Insert(params StoredMessage[] messages) => new(messages);
}
