using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using MqApi.Storage.Entities;

namespace MqApi.Storage.Configurations;

internal sealed class VhostEntityConfiguration : IEntityTypeConfiguration<VhostEntity>
{
    public void Configure(EntityTypeBuilder<VhostEntity> builder)
    {
        builder.ToTable("vhosts");
        builder.HasKey(v => v.Name);
        builder.Property(v => v.Name).HasColumnName("name");
        builder.Property(v => v.Description).HasColumnName("description");
        builder.Property(v => v.Tags).HasColumnName("tags");
        builder.Property(v => v.DefaultQueueType).HasColumnName("default_queue_type");
    }
}
