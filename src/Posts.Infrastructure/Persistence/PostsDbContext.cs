using Microsoft.EntityFrameworkCore;
using Posts.Application.Common.Abstractions;
using Posts.Domain;

namespace Posts.Infrastructure.Persistence;

public sealed class PostsDbContext : DbContext, IPostsDbContext
{
    public PostsDbContext(DbContextOptions<PostsDbContext> options)
        : base(options)
    {
        // Always a transaction, even for one statement: an event insert must hold its lock until commit.
        Database.AutoTransactionBehavior = AutoTransactionBehavior.Always;
        // No SAVEPOINT / RELEASE around each SaveChanges in a transaction (two round trips each): no handler goes on
        // in a transaction after a failed SaveChanges; it returns, and the transaction rolls back.
        Database.AutoSavepointsEnabled = false;
    }

    public DbSet<User> Users => Set<User>();
    public DbSet<Token> Tokens => Set<Token>();
    public DbSet<Post> Posts => Set<Post>();
    public DbSet<Comment> Comments => Set<Comment>();
    public DbSet<Event> Events => Set<Event>();
    public DbSet<LoginAttempt> LoginAttempts => Set<LoginAttempt>();
    public DbSet<IdempotencyRecord> IdempotencyRecords => Set<IdempotencyRecord>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.HasPostgresExtension("pg_trgm");
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(PostsDbContext).Assembly);
    }
}
