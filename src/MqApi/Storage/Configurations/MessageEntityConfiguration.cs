using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using MqApi.Storage.Entities;

namespace MqApi.Storage.Configurations;

internal sealed class MessageEntityConfiguration : IEntityTypeConfiguration<MessageEntity>
{
    public void Configure(EntityTypeBuilder<MessageEntity> builder)
    {
        builder.ToTable("messages");
        builder.HasKey(m => m.Id);
        // The broker assigns ids; never AUTOINCREMENT. An INTEGER key is still SQLite's rowid.
        builder.Property(m => m.Id).HasColumnName("id").ValueGeneratedNever();
        // Purging or deleting a queue, and recovering it in order, all go by (vhost, queue, id).
        builder.HasIndex(m => new { m.Vhost, m.Queue, m.Id });
        builder.Property(m => m.Vhost).HasColumnName("vhost");
        builder.Property(m => m.Queue).HasColumnName("queue");
        builder.Property(m => m.Exchange).HasColumnName("exchange");
        builder.Property(m => m.RoutingKey).HasColumnName("routing_key");
        builder.Property(m => m.Properties).HasColumnName("properties");
        builder.Property(m => m.Body).HasColumnName("body");
        builder.Property(m => m.DeliveryCount).HasColumnName("delivery_count");
        builder.Property(m => m.ExpiresAtUnixMs).HasColumnName("expires_at_unix_ms");
    }
}
