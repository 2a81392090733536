using Posts.Application.Common.Results;

namespace Posts.Application.Common.Abstractions;

public static class TransactionExtensions
{
    /// <summary>
    /// Runs <paramref name="work"/> in one transaction, committed only on success. A change and its
    /// event row are written this way, so neither is ever seen without the other.
    /// </summary>
    public static async Task<Result<T>> InTransactionAsync<T>(this IPostsDbContext db, Func<Task<Result<T>>> work, CancellationToken ct)
    {
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var result = await work();
        if (result.IsSuccess) await tx.CommitAsync(ct);
        return result;
    }
}
