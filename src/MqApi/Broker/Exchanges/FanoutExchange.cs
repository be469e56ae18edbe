using MqApi.Broker.Routing;

namespace MqApi.Broker.Exchanges;

/// <summary>Routes to every binding, whatever the routing key.</summary>
public sealed class FanoutExchange(string vhost, string name, ExchangeSettings settings) : Exchange(vhost, name, settings)
{
    private readonly HashSet<Binding> _bindings = [];

    public override string Type => ExchangeTypes.Fanout;

    protected override bool Add(Binding binding) => _bindings.Add(binding);

    protected override bool Remove(Binding binding) => _bindings.Remove(binding);

    public override void Route(string routingKey, IReadOnlyDictionary<string, object?>? headers, ISet<BindingDestination> destinations)
    {
        foreach (var binding in _bindings) destinations.Add(binding.Destination);
    }
}
