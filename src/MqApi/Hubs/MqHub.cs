using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.Connections.Features;
using Microsoft.AspNetCore.SignalR;
using MqApi.Broker;
using MqApi.Broker.Delivery;
using MqApi.Broker.Exchanges;
using MqApi.Broker.Queues;
using MqApi.Broker.Routing;
using MqApi.Hubs.Contracts;
using MqApi.Security;

namespace MqApi.Hubs;

/// <summary>
/// The consumer side of MqApi at <c>/hubs/mq</c>: one broker session per connection, like an AMQP
/// connection with one channel. Each method checks its arguments and calls the broker; broker errors
/// reach the caller through <see cref="BrokerExceptionHubFilter"/>. Methods and arguments are the
/// contract's (section 3), so their names are not suffixed with Async.
/// </summary>
[Authorize]
public sealed partial class MqHub(
    MessageBroker broker, IHubContext<MqHub, IMqClient> hubContext, HubConnectionDirectory connections, OverviewWatchers overviewWatchers, OverviewPayload overview,
    ILogger<MqHub> logger) : Hub<IMqClient>
{
    public const string Path = "/hubs/mq";

    public override Task OnConnectedAsync()
    {
        var user = Context.User?.Identity?.Name ?? throw new HubException("the connection has no signed-in user");
        broker.OpenSession(Context.ConnectionId, user, new SignalRDeliveryTarget(hubContext, Context.ConnectionId));
        // After the session: SignalR does not call OnDisconnectedAsync when OnConnectedAsync throws.
        connections.Add(Context.ConnectionId, DescribeConnection());
        LogSessionOpened(logger, Context.ConnectionId, user);
        return Task.CompletedTask;
    }

    public override async Task OnDisconnectedAsync(Exception? exception)
    {
        // Requeues what the client had not acked, and deletes its exclusive queues.
        overviewWatchers.Remove(Context.ConnectionId);
        await broker.CloseSessionAsync(Context.ConnectionId);
        connections.Remove(Context.ConnectionId);
        LogSessionClosed(logger, Context.ConnectionId, Context.User?.Identity?.Name ?? "");
    }

    public async Task DeclareExchange(string vhost, string name, string type, ExchangeOptions? options)
    {
        options ??= new ExchangeOptions();
        var settings = new ExchangeSettings(options.Durable, options.AutoDelete, options.Internal, HubFieldTable.FromClient(options.Arguments, "argument"));
        await broker.DeclareExchangeAsync(Caller, Required(vhost, nameof(vhost)), Required(name, nameof(name)), Required(type, nameof(type)), settings);
    }

    public async Task<DeclaredQueue> DeclareQueue(string vhost, string name, QueueOptions? options)
    {
        options ??= new QueueOptions();
        var settings = new QueueSettings(options.Durable, options.Exclusive, options.AutoDelete, HubFieldTable.FromClient(options.Arguments, "argument"));
        var (queue, _) = await broker.DeclareQueueAsync(Caller, Required(vhost, nameof(vhost)), Required(name, nameof(name)), settings);
        var counters = queue.Counters;
        return new DeclaredQueue { Queue = queue.Name, MessageCount = counters.MessagesReady, ConsumerCount = counters.Consumers };
    }

    public Task BindQueue(string vhost, string queue, string exchange, string routingKey, Dictionary<string, object?>? arguments) =>
        broker.CreateBindingAsync(Caller, Required(vhost, nameof(vhost)), QueueBinding(queue, exchange, routingKey, arguments));

    public Task UnbindQueue(string vhost, string queue, string exchange, string routingKey, Dictionary<string, object?>? arguments) =>
        broker.DeleteBindingAsync(Caller, Required(vhost, nameof(vhost)), QueueBinding(queue, exchange, routingKey, arguments));

    public async Task<PublishAnswer> Publish(string vhost, string exchange, string routingKey, MessageToPublish message)
    {
        if (message is null) throw BrokerException.BadArgument("message is required");
        var body = HubPayloads.Decode(message.Payload, message.PayloadEncoding);
        var result = await broker.PublishAsync(
            Caller, Required(vhost, nameof(vhost)), Required(exchange, nameof(exchange)), Required(routingKey, nameof(routingKey)),
            HubMapping.ToProperties(message.Properties), body);
        if (result.Rejected) throw new BrokerException(BrokerErrorKind.Rejected, "a queue's length limit (x-overflow reject-publish) refused the message");
        return new PublishAnswer { Routed = result.Routed, Duplicate = result.Duplicate };
    }

    public string Subscribe(string vhost, string queue, SubscribeOptions? options)
    {
        options ??= new SubscribeOptions();
        var consumerOptions = new ConsumerOptions(options.Prefetch, options.AutoAck, options.Exclusive);
        return broker.Subscribe(Session, Required(vhost, nameof(vhost)), Required(queue, nameof(queue)), consumerOptions, options.ConsumerTag ?? "");
    }

    public Task Unsubscribe(string consumerTag) => broker.UnsubscribeAsync(Session, Required(consumerTag, nameof(consumerTag)));

    // Ack, Nack and Reject answer once the delivery is settled in memory, without waiting for the
    // commit of its delete: AMQP's basic.ack has no reply either, and waiting would hold one of the
    // connection's few parallel invocations per ack for a whole commit. An unknown tag still fails at once. The delete follows in the next group commit (README: delivery guarantees).
    public void Ack(long deliveryTag, bool multiple) => StoreInBackground(broker.AckAsync(Session, deliveryTag, multiple));

    public void Nack(long deliveryTag, bool multiple, bool requeue) => StoreInBackground(broker.NackAsync(Session, deliveryTag, multiple, requeue));

    public void Reject(long deliveryTag, bool requeue) => StoreInBackground(broker.RejectAsync(Session, deliveryTag, requeue));

    /// <summary>
    /// Lets a settlement's store write finish on its own. The store logs a failed commit; observing
    /// the fault here keeps it from surfacing again as an unobserved task exception.
    /// </summary>
    private static void StoreInBackground(Task stored)
    {
        if (stored.IsCompletedSuccessfully) return;
        _ = stored.ContinueWith(static t => _ = t.Exception, CancellationToken.None,
            TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
    }

    /// <summary>
    /// Starts the <c>Overview</c> pushes to this connection (about once a second, see OverviewPushService) and
    /// answers the current overview at once, so a page has its figures before the first push. Like
    /// <c>GET /api/overview</c> it needs a management tag; the rest of the hub needs only permissions.
    /// </summary>
    [Authorize(Policy = SecurityExtensions.ManagementPolicy)]
    public IReadOnlyDictionary<string, object?> WatchOverview()
    {
        overviewWatchers.Add(Context.ConnectionId, Caller.User);
        return overview.Build(new Caller(Caller.User));
    }

    /// <summary>Stops the <c>Overview</c> pushes to this connection; nothing happens if it was not watching.</summary>
    public void UnwatchOverview() => overviewWatchers.Remove(Context.ConnectionId);

    /// <summary>The connection's user, and the connection itself (it owns the exclusive queues it declares).</summary>
    private Caller Caller => new(Context.User?.Identity?.Name ?? "", Context.ConnectionId);

    private ClientSession Session =>
        broker.FindSession(Context.ConnectionId) ?? throw new HubException("this connection has no broker session (it is closing)");

    private HubConnectionDetails DescribeConnection()
    {
        var http = Context.GetHttpContext();
        var transport = Context.Features.Get<IHttpTransportFeature>()?.TransportType.ToString() ?? "unknown";
        var authentication = Context.User?.Identity?.AuthenticationType ?? "unknown";
        return new HubConnectionDetails(
            transport, authentication, http?.Connection.RemoteIpAddress?.ToString(), http?.Connection.RemotePort ?? 0,
            http?.Connection.LocalIpAddress?.ToString(), http?.Connection.LocalPort ?? 0, http?.Request.IsHttps ?? false);
    }

    private static Binding QueueBinding(string queue, string exchange, string routingKey, Dictionary<string, object?>? arguments) =>
        new(Required(exchange, nameof(exchange)), BindingDestination.Queue(Required(queue, nameof(queue))),
            Required(routingKey, nameof(routingKey)), HubFieldTable.FromClient(arguments, "argument"));

    /// <summary>Clients may send null where a string is due (JSON null, MessagePack nil); "" is a value.</summary>
    private static string Required(string? value, string argument) =>
        value ?? throw BrokerException.BadArgument($"{argument} is required (use \"\" for none)");
}
