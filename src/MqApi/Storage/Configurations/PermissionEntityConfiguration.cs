using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using MqApi.Storage.Entities;

namespace MqApi.Storage.Configurations;

internal sealed class PermissionEntityConfiguration : IEntityTypeConfiguration<PermissionEntity>
{
    public void Configure(EntityTypeBuilder<PermissionEntity> builder)
    {
        builder.ToTable("permissions");
        builder.HasKey(p => new { p.User, p.Vhost });
        // Deleting a vhost deletes its permissions; the key leads with the user, so index the vhost.
        builder.HasIndex(p => p.Vhost);
        builder.Property(p => p.User).HasColumnName("user");
        builder.Property(p => p.Vhost).HasColumnName("vhost");
        builder.Property(p => p.Configure).HasColumnName("configure");
        builder.Property(p => p.Write).HasColumnName("write");
        builder.Property(p => p.Read).HasColumnName("read");
    }
}
