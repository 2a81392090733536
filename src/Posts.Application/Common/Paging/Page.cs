namespace Posts.Application.Common.Paging;

/// <summary>A page of results. Over HTTP it is the body; over WebSocket <c>data</c> and <c>meta</c> sit in the envelope.</summary>
public sealed record Page<T>(IReadOnlyList<T> Data, PageMeta Meta) : IPage
{
    object IPage.Items => Data;
}

/// <summary>A page whatever its item type, for adapters that put items and meta in different places (the WebSocket envelope).</summary>
public interface IPage
{
    object Items { get; }

    PageMeta Meta { get; }
}

/// <param name="Page">The page number, or null when reading by cursor.</param>
/// <param name="Total">Matching rows, counted exactly up to <see cref="Paging.TotalCountCap"/>.</param>
/// <param name="TotalExact">Whether <paramref name="Total"/> is exact (false when the count hit the cap).</param>
/// <param name="HasMore">Always exact: one row past the page is read.</param>
/// <param name="NextCursor">The cursor of the next page; null on the last page.</param>
public sealed record PageMeta(int? Page, int Limit, long Total, bool TotalExact, bool HasMore, string? NextCursor);

public static class Paging
{
    public const int DefaultLimit = 10;
    public const int MaxLimit = 100;

    /// <summary>Deep page numbers cost a scan; past this, use the cursor.</summary>
    public const int MaxOffset = 10_000;

    /// <summary>Counting stops here: an exact count over every matching row costs more than the page itself.</summary>
    public const int TotalCountCap = 10_000;
}
