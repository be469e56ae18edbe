using Microsoft.Extensions.Options;
using Microsoft.AspNetCore.Http.HttpResults;
using MqApi.Api.Contracts;
using MqApi.Broker;
using MqApi.Broker.Delivery;
using MqApi.Broker.Messages;
using MqApi.Hubs;

namespace MqApi.Api;

/// <summary>
/// /api/connections and /api/consumers: the hub's connections and their subscriptions, in RabbitMQ's
/// shapes. A connection's name is its SignalR connection id; each has one channel, numbered 1.
/// </summary>
public static class ClientsApi
{
    private const string Protocol = "SignalR";
    private const int ChannelNumber = 1;

    public static void MapClientsApi(this IEndpointRouteBuilder routes)
    {
        routes.MapGroup("/api/connections").WithTags("Clients")
            .MapGet("/", ListConnections).WithSummary("Open hub connections");
        var consumers = routes.MapGroup("/api/consumers").WithTags("Clients");
        consumers.MapGet("/", ListConsumers).WithSummary("Every consumer of every hub connection");
        consumers.MapGet("/{vhost}", ListConsumersInVhost).WithSummary("The consumers on one vhost's queues");
    }

    /// <summary>Everyone sees their own connections; administrators and monitoring users see all, as in RabbitMQ.</summary>
    private static Ok<ConnectionResponse[]> ListConnections(HttpContext context, MessageBroker broker, HubConnectionDirectory connections)
    {
        var caller = context.Caller();
        return TypedResults.Ok(broker.Sessions
            .Where(session => session.User == caller.User || broker.SeesEverything(caller))
            .Select(session => ToResponse(session, connections.Find(session.ConnectionId))).ToArray());
    }

    private static Ok<ConsumerResponse[]> ListConsumers(HttpContext context, MessageBroker broker, HubConnectionDirectory connections, IOptions<BrokerOptions> options) =>
        TypedResults.Ok(Consumers(broker, connections, vhost: null, options.Value).Where(c => broker.CanSee(context.Caller(), c.Queue.Vhost)).ToArray());

    private static Ok<ConsumerResponse[]> ListConsumersInVhost(HttpContext context, MessageBroker broker, HubConnectionDirectory connections, IOptions<BrokerOptions> options)
    {
        var vhost = broker.VisibleVhost(context.Caller(), PathNames.Get(context, "vhost")).Name;
        return TypedResults.Ok(Consumers(broker, connections, vhost, options.Value));
    }

    private static ConsumerResponse[] Consumers(MessageBroker broker, HubConnectionDirectory connections, string? vhost, BrokerOptions options) =>
        [.. broker.Sessions.SelectMany(session => session.Consumers
            .Where(consumer => vhost is null || consumer.Queue.Vhost == vhost)
            .Select(consumer => ToResponse(consumer, connections.Find(session.ConnectionId), (long)options.ConsumerTimeout.TotalMilliseconds)))];

    private static ConnectionResponse ToResponse(ClientSession session, HubConnectionDetails? details) => new(
        session.ConnectionId, ApiMapping.NodeName, "running", "network", $"{Protocol} ({details?.Transport ?? "unknown"})", session.User,
        session.ConnectedAt.ToUnixTimeMilliseconds(), details?.Host, details?.Port ?? 0, details?.PeerHost, details?.PeerPort ?? 0,
        details?.IsTls ?? false, details?.AuthMechanism ?? "unknown", ChannelNumber, ChannelNumber, new Dictionary<string, object>());

    private static ConsumerResponse ToResponse(Consumer consumer, HubConnectionDetails? details, long consumerTimeoutMs)
    {
        var session = consumer.Session;
        var queue = consumer.Queue;
        // With x-single-active-consumer only the longest-standing consumer receives; the others wait.
        var active = !queue.Settings.IsSingleActiveConsumer || ReferenceEquals(queue.Consumers.FirstOrDefault(), consumer);
        var channel = new ChannelDetails(
            $"{session.ConnectionId} ({ChannelNumber})", ChannelNumber, session.ConnectionId, ApiMapping.NodeName, session.User,
            details?.PeerHost, details?.PeerPort ?? 0);
        return new ConsumerResponse(
            consumer.Tag, new QueueReference(queue.Name, queue.Vhost), channel, consumer.Options.Prefetch, !consumer.Options.AutoAck,
            consumer.Options.Exclusive, active, active ? "up" : "waiting", FieldTable.Empty,
            ConsumerTimeout: consumerTimeoutMs);
    }
}
