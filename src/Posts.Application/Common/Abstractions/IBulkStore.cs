using Posts.Application.Db;

namespace Posts.Application.Common.Abstractions;

public enum BulkTable
{
    Users,
    Posts,
    Comments,
}

/// <summary>Bulk writes by binary <c>COPY</c>, in the transaction the caller has begun on <see cref="IPostsDbContext"/>.</summary>
public interface IBulkStore
{
    /// <summary>Takes <paramref name="count"/> ids from the table's identity, for rows that refer to each other before they are written.</summary>
    Task<long[]> NextIdsAsync(BulkTable table, int count, CancellationToken ct);

    /// <summary>
    /// Writes the rows with the ids they carry. With <paramref name="skipExisting"/> a row whose id (or username) is
    /// taken is skipped and the identities move past the ids written; without it such a row fails the transaction.
    /// </summary>
    /// <returns>The rows written of each table.</returns>
    Task<BulkCounts> WriteAsync(BulkRows rows, bool skipExisting, CancellationToken ct);
}
