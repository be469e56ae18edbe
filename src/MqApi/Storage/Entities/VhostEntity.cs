namespace MqApi.Storage.Entities;

/// <summary>A row of <c>vhosts</c>.</summary>
public sealed class VhostEntity
{
    public required string Name { get; set; }
    public required string Description { get; set; }
    /// <summary>The tags as a JSON array of strings.</summary>
    public required string Tags { get; set; }
    public required string DefaultQueueType { get; set; }
}
