namespace MqApi.Storage.Entities;

/// <summary>A row of <c>permissions</c>: one user's configure, write and read patterns in one vhost.</summary>
public sealed class PermissionEntity
{
    public required string User { get; set; }
    public required string Vhost { get; set; }
    public required string Configure { get; set; }
    public required string Write { get; set; }
    public required string Read { get; set; }
}
