using MqApi.Broker.Messages;
using MqApi.Broker.Routing;
using MqApi.Broker.Statistics;

namespace MqApi.Broker.Exchanges;

/// <summary>
/// An exchange: routes a message to bound destinations by its type's rule. Binding changes and
/// routing are serialised by the owning <see cref="VirtualHost"/> (writers exclusive, routing shared),
/// so implementations need no locks of their own.
/// </summary>
public abstract class Exchange(string vhost, string name, ExchangeSettings settings)
{
    public string Vhost { get; } = vhost;
    public string Name { get; } = name;
    public ExchangeSettings Settings { get; } = settings;
    public abstract string Type { get; }

    /// <summary>publish_in and publish_out of this exchange.</summary>
    public MessageStats Stats { get; } = new();

    public bool IsDurable => Settings.Durable;
    public bool IsAutoDelete => Settings.AutoDelete;
    public bool IsInternal => Settings.Internal;
    public IReadOnlyDictionary<string, object?> Arguments => Settings.Arguments;

    /// <summary>The exchange that gets what this one cannot route (<c>alternate-exchange</c> argument).</summary>
    public string? AlternateExchange => Arguments.TryGetValue("alternate-exchange", out var value) && value is string name ? name : null;

    /// <summary>Bindings whose source is this exchange.</summary>
    public int BindingCount { get; private set; }

    public void AddBinding(Binding binding)
    {
        if (Add(binding)) BindingCount++;
    }

    public void RemoveBinding(Binding binding)
    {
        if (Remove(binding)) BindingCount--;
    }

    protected abstract bool Add(Binding binding);
    protected abstract bool Remove(Binding binding);

    /// <summary>Adds the destinations the message is routed to; the set keeps each destination once.</summary>
    public abstract void Route(string routingKey, IReadOnlyDictionary<string, object?>? headers, ISet<BindingDestination> destinations);

    /// <summary>Checks binding arguments that this type interprets; null when fine, else why not.</summary>
    public virtual string? ValidateBindingArguments(IReadOnlyDictionary<string, object?> arguments) => null;
}

/// <summary>The declared flags of an exchange; compared on redeclare.</summary>
public sealed record ExchangeSettings(bool Durable, bool AutoDelete, bool Internal, IReadOnlyDictionary<string, object?> Arguments)
{
    public static ExchangeSettings DurableDefaults { get; } = new(true, false, false, FieldTable.Empty);
}
