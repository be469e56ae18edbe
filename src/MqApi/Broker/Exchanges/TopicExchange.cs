using MqApi.Broker.Routing;

namespace MqApi.Broker.Exchanges;

/// <summary>Routes by pattern: <c>*</c> is one word, <c>#</c> zero or more; matched through a trie.</summary>
public sealed class TopicExchange(string vhost, string name, ExchangeSettings settings) : Exchange(vhost, name, settings)
{
    private readonly TopicBindingTrie<Binding> _trie = new();

    public override string Type => ExchangeTypes.Topic;

    protected override bool Add(Binding binding) => _trie.Add(binding.RoutingKey, binding);

    protected override bool Remove(Binding binding) => _trie.Remove(binding.RoutingKey, binding);

    public override void Route(string routingKey, IReadOnlyDictionary<string, object?>? headers, ISet<BindingDestination> destinations)
    {
        _trie.Match(routingKey, destinations, static (binding, set) => set.Add(binding.Destination));
    }
}
