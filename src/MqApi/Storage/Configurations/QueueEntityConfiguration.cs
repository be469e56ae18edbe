using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using MqApi.Storage.Entities;

namespace MqApi.Storage.Configurations;

internal sealed class QueueEntityConfiguration : IEntityTypeConfiguration<QueueEntity>
{
    public void Configure(EntityTypeBuilder<QueueEntity> builder)
    {
        builder.ToTable("queues");
        builder.HasKey(q => new { q.Vhost, q.Name });
        builder.Property(q => q.Vhost).HasColumnName("vhost");
        builder.Property(q => q.Name).HasColumnName("name");
        builder.Property(q => q.AutoDelete).HasColumnName("auto_delete");
        builder.Property(q => q.Arguments).HasColumnName("arguments");
    }
}
