using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using MqApi.Storage.Entities;

namespace MqApi.Storage.Configurations;

internal sealed class UserEntityConfiguration : IEntityTypeConfiguration<UserEntity>
{
    public void Configure(EntityTypeBuilder<UserEntity> builder)
    {
        builder.ToTable("users");
        builder.HasKey(u => u.Name);
        builder.Property(u => u.Name).HasColumnName("name");
        builder.Property(u => u.PasswordHash).HasColumnName("password_hash");
        builder.Property(u => u.HashingAlgorithm).HasColumnName("hashing_algorithm");
        builder.Property(u => u.Tags).HasColumnName("tags");
    }
}
