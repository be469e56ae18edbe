using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using MqApi.Storage.Entities;

namespace MqApi.Storage.Configurations;

internal sealed class ExchangeEntityConfiguration : IEntityTypeConfiguration<ExchangeEntity>
{
    public void Configure(EntityTypeBuilder<ExchangeEntity> builder)
    {
        builder.ToTable("exchanges");
        builder.HasKey(e => new { e.Vhost, e.Name });
        builder.Property(e => e.Vhost).HasColumnName("vhost");
        builder.Property(e => e.Name).HasColumnName("name");
        builder.Property(e => e.Type).HasColumnName("type");
        builder.Property(e => e.AutoDelete).HasColumnName("auto_delete");
        builder.Property(e => e.Internal).HasColumnName("internal");
        builder.Property(e => e.Arguments).HasColumnName("arguments");
    }
}
