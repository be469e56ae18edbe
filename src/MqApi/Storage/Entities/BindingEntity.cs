namespace MqApi.Storage.Entities;

/// <summary>
/// A row of <c>bindings</c>. Every column is part of the key, the arguments included, because two
/// bindings that differ only in their arguments are distinct (as for headers exchanges).
/// </summary>
public sealed class BindingEntity
{
    public required string Vhost { get; set; }
    public required string Source { get; set; }
    public required string Destination { get; set; }
    public bool DestinationIsQueue { get; set; }
    public required string RoutingKey { get; set; }
    /// <summary>The arguments as canonical JSON, so equal tables give equal keys.</summary>
    public required string Arguments { get; set; }
}
