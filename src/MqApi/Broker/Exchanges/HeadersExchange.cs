using MqApi.Broker.Routing;

namespace MqApi.Broker.Exchanges;

/// <summary>Routes on message headers against binding arguments (<c>x-match</c>); the routing key is ignored.</summary>
public sealed class HeadersExchange(string vhost, string name, ExchangeSettings settings) : Exchange(vhost, name, settings)
{
    private readonly HashSet<Binding> _bindings = [];

    public override string Type => ExchangeTypes.Headers;

    protected override bool Add(Binding binding) => _bindings.Add(binding);

    protected override bool Remove(Binding binding) => _bindings.Remove(binding);

    public override string? ValidateBindingArguments(IReadOnlyDictionary<string, object?> arguments) =>
        HeadersBindingMatcher.Validate(arguments);

    public override void Route(string routingKey, IReadOnlyDictionary<string, object?>? headers, ISet<BindingDestination> destinations)
    {
        // A linear scan, as RabbitMQ does: headers bindings have no key to index on.
        foreach (var binding in _bindings)
        {
            if (HeadersBindingMatcher.Matches(binding.Arguments, headers)) destinations.Add(binding.Destination);
        }
    }
}
