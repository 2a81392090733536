using System.Globalization;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Primitives;
using Posts.Application.Common.Paging;
using Posts.Application.Common.Results;

namespace Posts.Api.Http;

/// <summary>Reading what HTTP carries outside the body: numbers in the query, lists, entity tags, and writing Link headers.</summary>
internal static class HttpValues
{
    /// <summary>The <c>page</c> and <c>limit</c> query values as numbers; a value that is not one is a validation error naming it.</summary>
    public static Result<(int? Page, int? Limit)> PageNumbers(string? page, string? limit)
    {
        var errors = new Dictionary<string, string[]>();
        var pageNumber = Int(page, "page", errors);
        var limitNumber = Int(limit, "limit", errors);
        return errors.Count > 0 ? Error.Validation(errors) : (pageNumber, limitNumber);
    }

    private static int? Int(string? raw, string name, Dictionary<string, string[]> errors)
    {
        if (raw is null) return null;
        if (int.TryParse(raw, NumberStyles.None, CultureInfo.InvariantCulture, out var value)) return value;
        errors[name] = ["Must be a whole number."];
        return null;
    }

    /// <summary><c>author,comments</c> → [author, comments].</summary>
    public static IReadOnlyList<string>? List(string? raw) =>
        raw?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    public static string ETag(int version) => $"\"{version.ToString(CultureInfo.InvariantCulture)}\"";

    /// <summary>
    /// <c>If-Match: "3"</c> → 3; absent or <c>*</c> → null (no precondition). Anything else is not an entity
    /// tag this API issued: <paramref name="valid"/> is false.
    /// </summary>
    public static int? IfMatch(HttpRequest request, out bool valid)
    {
        valid = true;
        var header = request.Headers.IfMatch.ToString().Trim();
        if (header.Length == 0 || header == "*") return null;
        if (header.Length > 2 && header[0] == '"' && header[^1] == '"'
            && int.TryParse(header.AsSpan(1, header.Length - 2), NumberStyles.None, CultureInfo.InvariantCulture, out var version))
            return version;
        valid = false;
        return null;
    }

    /// <summary>RFC 8288 links for a page: <c>next</c>; with page numbers also <c>prev</c> and <c>first</c>.</summary>
    public static void AddPageLinks(HttpContext http, PageMeta meta)
    {
        var links = new List<string>();
        if (meta.Page is { } page)
        {
            if (meta.HasMore)
            {
                links.Add((long)(page + 1) * meta.Limit <= Paging.MaxOffset
                    ? Link(http, "next", ("page", (page + 1).ToString(CultureInfo.InvariantCulture)), ("cursor", null))
                    : Link(http, "next", ("page", null), ("cursor", meta.NextCursor)));
            }

            if (page > 1) links.Add(Link(http, "prev", ("page", (page - 1).ToString(CultureInfo.InvariantCulture)), ("cursor", null)));
            links.Add(Link(http, "first", ("page", "1"), ("cursor", null)));
        }
        else if (meta.NextCursor is not null)
        {
            links.Add(Link(http, "next", ("page", null), ("cursor", meta.NextCursor)));
        }

        if (links.Count > 0) http.Response.Headers.Link = string.Join(", ", links);
    }

    private static string Link(HttpContext http, string rel, params (string Key, string? Value)[] changes)
    {
        var query = QueryHelpers.ParseQuery(http.Request.QueryString.Value);
        foreach (var (key, value) in changes)
        {
            if (value is null) query.Remove(key);
            else query[key] = value;
        }

        var url = QueryHelpers.AddQueryString(http.Request.PathBase + http.Request.Path,
            query.SelectMany(q => q.Value.Select(v => new KeyValuePair<string, string?>(q.Key, v))));
        return $"<{url}>; rel=\"{rel}\"";
    }

    public static StringValues Location(string path, long id) => $"{path}/{id.ToString(CultureInfo.InvariantCulture)}";
}
