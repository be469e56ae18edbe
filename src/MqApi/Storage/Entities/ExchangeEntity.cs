using MqApi.Broker.Messages;

namespace MqApi.Storage.Entities;

/// <summary>A row of <c>exchanges</c>, keyed by (vhost, name).</summary>
public sealed class ExchangeEntity
{
    public required string Vhost { get; set; }
    public required string Name { get; set; }
    public required string Type { get; set; }
    public bool AutoDelete { get; set; }
    public bool Internal { get; set; }
    /// <summary>The arguments as canonical JSON (<see cref="FieldTable.ToCanonicalJson"/>).</summary>
    public required string Arguments { get; set; }
}
