using System.Text.Json;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Protocol;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using MqApi.Broker;

namespace MqApi.Hubs;

public static class MqHubExtensions
{
    /// <summary>
    /// How many invocations of one connection may be in progress at once. SignalR's default, 1, would let
    /// a connection have one publish waiting for its commit at a time, where an AMQP channel pipelines
    /// hundreds. SignalR still starts a connection's invocations one after another, in arrival order, and
    /// each hub method does its broker work (routing, enqueueing, settling) before its first await, so a
    /// connection's publishes keep their order in every queue (Hubs/MqHubPipeliningTests).
    /// </summary>
    public const int ParallelInvocationsPerClient = 128;

    /// <summary>SignalR with the JSON and MessagePack protocols (camelCase in both) and the broker error filter.</summary>
    public static IServiceCollection AddMqHub(this IServiceCollection services)
    {
        services.AddSignalR(options =>
            {
                options.AddFilter<BrokerExceptionHubFilter>();
                options.MaximumParallelInvocationsPerClient = ParallelInvocationsPerClient;
            })
            .AddJsonProtocol(options =>
            {
                options.PayloadSerializerOptions.PropertyNamingPolicy = JsonNamingPolicy.CamelCase;
                options.PayloadSerializerOptions.DictionaryKeyPolicy = null; // header and argument names stay as sent
            })
            .AddMessagePackProtocol();
        // A message may be as large as a REST publish may be.
        services.AddOptions<HubOptions<MqHub>>().Configure<IOptions<BrokerOptions>>((hub, broker) =>
            hub.MaximumReceiveMessageSize = broker.Value.MaxRequestBodyBytes);
        services.AddSingleton<BrokerExceptionHubFilter>();
        services.AddSingleton<HubConnectionDirectory>();
        services.AddSingleton<OverviewWatchers>();
        services.AddSingleton<OverviewPayload>();

        // Replace both protocols by wrappers that name the argument a client got wrong.
        services.RemoveAll<IHubProtocol>();
        services.AddSingleton<IHubProtocol>(provider => new ArgumentErrorReportingHubProtocol(
            new JsonHubProtocol(provider.GetRequiredService<IOptions<JsonHubProtocolOptions>>()), typeof(MqHub)));
        services.AddSingleton<IHubProtocol>(provider => new ArgumentErrorReportingHubProtocol(
            new LazyHubProtocol(MessagePackProtocolName, TransferFormat.Binary, () => CreateMessagePackProtocol(provider)), typeof(MqHub)));
        return services;
    }

    /// <summary>The name MessagePack clients ask for in the handshake.</summary>
    public const string MessagePackProtocolName = "messagepack";

    // Its own method, so that MessagePack's types are first touched when a client asks for the protocol.
    private static MessagePackHubProtocol CreateMessagePackProtocol(IServiceProvider provider) =>
        new(provider.GetRequiredService<IOptions<MessagePackHubProtocolOptions>>());

    /// <summary>The hub at <c>/hubs/mq</c>; negotiating needs a signed-in user (401 otherwise).</summary>
    public static HubEndpointConventionBuilder MapMqHub(this IEndpointRouteBuilder routes) =>
        routes.MapHub<MqHub>(MqHub.Path).RequireAuthorization();
}
