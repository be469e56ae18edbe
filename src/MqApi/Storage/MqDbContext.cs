using Microsoft.EntityFrameworkCore;
using MqApi.Storage.Configurations;
using MqApi.Storage.Entities;

namespace MqApi.Storage;

/// <summary>
/// The broker's SQLite schema. EF Core owns the schema (migrations); start-up reads and the
/// per-message writes go through <c>SqliteBrokerStore</c>'s prepared commands instead.
/// </summary>
/// <remarks>
/// There are deliberately no foreign keys: writes are group-committed, so one rejected row would
/// fault a whole batch of unrelated writes. The store deletes dependants itself, in order, and
/// recovery drops messages whose queue is gone.
/// </remarks>
public sealed class MqDbContext(DbContextOptions<MqDbContext> options) : DbContext(options)
{
    public DbSet<VhostEntity> Vhosts => Set<VhostEntity>();
    public DbSet<ExchangeEntity> Exchanges => Set<ExchangeEntity>();
    public DbSet<QueueEntity> Queues => Set<QueueEntity>();
    public DbSet<BindingEntity> Bindings => Set<BindingEntity>();
    public DbSet<UserEntity> Users => Set<UserEntity>();
    public DbSet<PermissionEntity> Permissions => Set<PermissionEntity>();
    public DbSet<MessageEntity> Messages => Set<MessageEntity>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.ApplyConfiguration(new VhostEntityConfiguration());
        modelBuilder.ApplyConfiguration(new ExchangeEntityConfiguration());
        modelBuilder.ApplyConfiguration(new QueueEntityConfiguration());
        modelBuilder.ApplyConfiguration(new BindingEntityConfiguration());
        modelBuilder.ApplyConfiguration(new UserEntityConfiguration());
        modelBuilder.ApplyConfiguration(new PermissionEntityConfiguration());
        modelBuilder.ApplyConfiguration(new MessageEntityConfiguration());
    }
}
