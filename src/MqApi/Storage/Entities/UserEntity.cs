namespace MqApi.Storage.Entities;

/// <summary>A row of <c>users</c>. Holds the password hash only, never the password.</summary>
public sealed class UserEntity
{
    public required string Name { get; set; }
    public required string PasswordHash { get; set; }
    public required string HashingAlgorithm { get; set; }
    /// <summary>The tags as a JSON array of strings.</summary>
    public required string Tags { get; set; }
}
