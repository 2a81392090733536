using Mapster;
using Microsoft.EntityFrameworkCore;

namespace Posts.Application.Common.Paging;

/// <summary>How one kind of row is paged: its keyset order and how to continue after a cursor.</summary>
internal sealed record KeysetOrder<TEntity, TDto>(
    Func<IQueryable<TEntity>, IQueryable<TEntity>> Order,
    Func<IQueryable<TEntity>, Cursor, IQueryable<TEntity>> After,
    Func<TDto, Cursor> CursorOf);

internal static class PageReader
{
    /// <summary>
    /// Reads one page by number or cursor, one row past it for an exact <c>hasMore</c>, and a total
    /// counted exactly up to <see cref="Paging.TotalCountCap"/> — skipped when the page itself shows it.
    /// </summary>
    public static async Task<Page<TDto>> ReadAsync<TEntity, TDto>(
        IQueryable<TEntity> filtered, KeysetOrder<TEntity, TDto> keyset, IPagedRequest request,
        TypeAdapterConfig mapping, CancellationToken ct)
    {
        var limit = request.Limit ?? Paging.DefaultLimit;
        var page = request.Page;
        Cursor? cursor = Cursor.TryDecode(request.Cursor, out var decoded) ? decoded : null;
        var query = keyset.Order(filtered);
        var offset = 0;
        if (cursor is { } after) query = keyset.After(query, after);
        else offset = ((page ?? 1) - 1) * limit;

        var rows = await query.Skip(offset).Take(limit + 1).ProjectToType<TDto>(mapping).ToListAsync(ct);
        var hasMore = rows.Count > limit;
        if (hasMore) rows.RemoveAt(limit);

        long total;
        bool exact;
        if (cursor is null && !hasMore && (rows.Count > 0 || offset == 0))
        {
            (total, exact) = (offset + rows.Count, true);
        }
        else
        {
            var counted = await filtered.Take(Paging.TotalCountCap + 1).CountAsync(ct);
            (total, exact) = counted > Paging.TotalCountCap ? (Paging.TotalCountCap, false) : (counted, true);
        }

        var next = hasMore ? keyset.CursorOf(rows[^1]).Encode() : null;
        return new Page<TDto>(rows, new PageMeta(cursor is null ? page ?? 1 : null, limit, total, exact, hasMore, next));
    }
}
