using MqApi.Broker.Messages;

namespace MqApi.Broker.Routing;

/// <summary>Where a binding leads: a queue, or another exchange (exchange-to-exchange binding).</summary>
public readonly record struct BindingDestination(string Name, bool IsQueue)
{
    public static BindingDestination Queue(string name) => new(name, true);
    public static BindingDestination Exchange(string name) => new(name, false);
    public string Kind => IsQueue ? "queue" : "exchange";
}

/// <summary>
/// A binding from a source exchange to a destination. Two bindings are the same binding when source,
/// destination, routing key and arguments are equal; arguments compare by their canonical JSON.
/// </summary>
public sealed class Binding : IEquatable<Binding>
{
    public Binding(string source, BindingDestination destination, string routingKey, IReadOnlyDictionary<string, object?> arguments)
    {
        Source = source;
        Destination = destination;
        RoutingKey = routingKey;
        Arguments = arguments;
        ArgumentsKey = FieldTable.ToCanonicalJson(arguments);
    }

    public string Source { get; }
    public BindingDestination Destination { get; }
    public string RoutingKey { get; }
    public IReadOnlyDictionary<string, object?> Arguments { get; }
    /// <summary>Canonical JSON of <see cref="Arguments"/>; equal tables give equal keys.</summary>
    public string ArgumentsKey { get; }

    public bool Equals(Binding? other) =>
        other is not null && Source == other.Source && Destination == other.Destination &&
        RoutingKey == other.RoutingKey && ArgumentsKey == other.ArgumentsKey;

    public override bool Equals(object? obj) => Equals(obj as Binding);

    public override int GetHashCode() => HashCode.Combine(Source, Destination, RoutingKey, ArgumentsKey);
}
