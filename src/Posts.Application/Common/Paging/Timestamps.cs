using System.Globalization;

namespace Posts.Application.Common.Paging;

/// <summary>Parses filter timestamps: ISO 8601 and the article's <c>2014/12/29 14:30</c>; UTC when no offset is given.</summary>
public static class Timestamps
{
    private static readonly string[] Formats =
    [
        "yyyy/MM/dd HH:mm", "yyyy/MM/dd HH:mm:ss", "yyyy/MM/dd",
        "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFK", "yyyy-MM-dd'T'HH:mm:ssK", "yyyy-MM-dd'T'HH:mmK",
        "yyyy-MM-dd HH:mm:ss.FFFFFFFK", "yyyy-MM-dd HH:mm:ssK", "yyyy-MM-dd HH:mmK", "yyyy-MM-dd",
    ];

    public static bool TryParse(string? text, out DateTimeOffset value) =>
        DateTimeOffset.TryParseExact(text?.Trim(), Formats, CultureInfo.InvariantCulture,
            DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out value);

    public static DateTimeOffset? ParseOrNull(string? text) => TryParse(text, out var value) ? value : null;
}
