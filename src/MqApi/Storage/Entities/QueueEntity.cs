using MqApi.Broker.Messages;

namespace MqApi.Storage.Entities;

/// <summary>A row of <c>queues</c>, keyed by (vhost, name).</summary>
public sealed class QueueEntity
{
    public required string Vhost { get; set; }
    public required string Name { get; set; }
    public bool AutoDelete { get; set; }
    /// <summary>The arguments as canonical JSON (<see cref="FieldTable.ToCanonicalJson"/>).</summary>
    public required string Arguments { get; set; }
}
