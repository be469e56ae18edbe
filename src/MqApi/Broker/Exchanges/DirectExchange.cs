using MqApi.Broker.Routing;

namespace MqApi.Broker.Exchanges;

/// <summary>Routes to bindings whose key equals the routing key: one dictionary lookup.</summary>
public sealed class DirectExchange(string vhost, string name, ExchangeSettings settings) : Exchange(vhost, name, settings)
{
    private readonly Dictionary<string, HashSet<Binding>> _byKey = new(StringComparer.Ordinal);

    public override string Type => ExchangeTypes.Direct;

    protected override bool Add(Binding binding)
    {
        if (!_byKey.TryGetValue(binding.RoutingKey, out var bindings))
        {
            _byKey[binding.RoutingKey] = bindings = [];
        }
        return bindings.Add(binding);
    }

    protected override bool Remove(Binding binding)
    {
        if (!_byKey.TryGetValue(binding.RoutingKey, out var bindings) || !bindings.Remove(binding)) return false;
        if (bindings.Count == 0) _byKey.Remove(binding.RoutingKey);
        return true;
    }

    public override void Route(string routingKey, IReadOnlyDictionary<string, object?>? headers, ISet<BindingDestination> destinations)
    {
        // TryGetValue, never an indexer: an unbound key must not leave an empty entry behind.
        if (_byKey.TryGetValue(routingKey, out var bindings))
        {
            foreach (var binding in bindings) destinations.Add(binding.Destination);
        }
    }
}
