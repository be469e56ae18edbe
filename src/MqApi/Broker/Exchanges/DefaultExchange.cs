using MqApi.Broker.Routing;

namespace MqApi.Broker.Exchanges;

/// <summary>
/// The nameless direct exchange every queue is implicitly bound to by its own name. It cannot be
/// bound to or from, so routing is just "the queue named by the routing key, if it exists"; the
/// virtual host drops destinations that name no queue.
/// </summary>
public sealed class DefaultExchange(string vhost) : Exchange(vhost, "", ExchangeSettings.DurableDefaults)
{
    public override string Type => ExchangeTypes.Direct;

    protected override bool Add(Binding binding) =>
        throw new InvalidOperationException("the default exchange cannot be bound");

    protected override bool Remove(Binding binding) =>
        throw new InvalidOperationException("the default exchange cannot be unbound");

    public override void Route(string routingKey, IReadOnlyDictionary<string, object?>? headers, ISet<BindingDestination> destinations) =>
        destinations.Add(BindingDestination.Queue(routingKey));
}
