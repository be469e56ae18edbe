using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using MqApi.Storage.Entities;

namespace MqApi.Storage.Configurations;

internal sealed class BindingEntityConfiguration : IEntityTypeConfiguration<BindingEntity>
{
    public void Configure(EntityTypeBuilder<BindingEntity> builder)
    {
        builder.ToTable("bindings");
        builder.HasKey(b => new { b.Vhost, b.Source, b.Destination, b.DestinationIsQueue, b.RoutingKey, b.Arguments });
        // Deleting a queue or exchange deletes the bindings it is the destination of.
        builder.HasIndex(b => new { b.Vhost, b.Destination, b.DestinationIsQueue });
        builder.Property(b => b.Vhost).HasColumnName("vhost");
        builder.Property(b => b.Source).HasColumnName("source");
        builder.Property(b => b.Destination).HasColumnName("destination");
        builder.Property(b => b.DestinationIsQueue).HasColumnName("destination_is_queue");
        builder.Property(b => b.RoutingKey).HasColumnName("routing_key");
        builder.Property(b => b.Arguments).HasColumnName("arguments");
    }
}
