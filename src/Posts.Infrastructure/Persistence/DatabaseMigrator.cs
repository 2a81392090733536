using Microsoft.EntityFrameworkCore;

namespace Posts.Infrastructure.Persistence;

/// <summary>Applies the checked-in migrations. Only the CLI (<c>posts db migrate</c>) and the test fixture call it; hosts never do.</summary>
public sealed class DatabaseMigrator(PostsDbContext db)
{
    /// <returns>The migrations that were applied (none when the database was current).</returns>
    public async Task<IReadOnlyList<string>> MigrateAsync(CancellationToken ct)
    {
        var pending = (await db.Database.GetPendingMigrationsAsync(ct)).ToList();
        await db.Database.MigrateAsync(ct);
        return pending;
    }
}
