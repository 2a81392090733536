using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Posts.Domain;

namespace Posts.Application.Common.Abstractions;

public interface IPostsDbContext
{
    DbSet<User> Users { get; }
    DbSet<Token> Tokens { get; }
    DbSet<Post> Posts { get; }
    DbSet<Comment> Comments { get; }
    DbSet<Event> Events { get; }
    DbSet<LoginAttempt> LoginAttempts { get; }
    DbSet<IdempotencyRecord> IdempotencyRecords { get; }
    DatabaseFacade Database { get; }

    Task<int> SaveChangesAsync(CancellationToken cancellationToken = default);
}
