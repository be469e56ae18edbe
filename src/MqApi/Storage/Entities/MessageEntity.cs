namespace MqApi.Storage.Entities;

/// <summary>
/// A row of <c>messages</c>: one persistent message in one durable queue. The id is assigned by the
/// broker, so the column is a plain key and never generated here.
/// </summary>
public sealed class MessageEntity
{
    public long Id { get; set; }
    public required string Vhost { get; set; }
    public required string Queue { get; set; }
    public required string Exchange { get; set; }
    public required string RoutingKey { get; set; }
    public required string Properties { get; set; }
    public required byte[] Body { get; set; }
    public int DeliveryCount { get; set; }
    public long? ExpiresAtUnixMs { get; set; }
}
