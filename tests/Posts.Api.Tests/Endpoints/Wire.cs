using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using FluentAssertions;
using Posts.Api.Tests.Support;

namespace Posts.Api.Tests.Endpoints;

/// <summary>Small request builders shared by the route tests: raw JSON bodies, conditional requests, arranging posts and comments.</summary>
internal static class Wire
{
    public const string MergePatch = "application/merge-patch+json";

    public static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>A body sent exactly as written, with the given media type.</summary>
    public static StringContent Body(string raw, string mediaType = "application/json") => new(raw, Encoding.UTF8, mediaType);

    public static async Task<JsonElement> CreatePostAsync(this HttpClient client, string title = "A title", string body = "A body")
    {
        var response = await client.PostAsJsonAsync("/posts", new { title, body }, Ct);
        return await response.ShouldBeJsonAsync(HttpStatusCode.Created);
    }

    public static async Task<JsonElement> CreateCommentAsync(this HttpClient client, long postId, string body = "A comment")
    {
        var response = await client.PostAsJsonAsync($"/posts/{postId}/comments", new { body }, Ct);
        return await response.ShouldBeJsonAsync(HttpStatusCode.Created);
    }

    /// <summary>PATCH with a raw body; <paramref name="ifMatch"/> is sent verbatim (so malformed values can be tried).</summary>
    public static Task<HttpResponseMessage> PatchAsync(this HttpClient client, string url, string json, string mediaType = MergePatch, string? ifMatch = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Patch, url) { Content = Body(json, mediaType) };
        if (ifMatch is not null) request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        return client.SendAsync(request, Ct);
    }

    public static Task<HttpResponseMessage> DeleteAsync(this HttpClient client, string url, string? ifMatch)
    {
        var request = new HttpRequestMessage(HttpMethod.Delete, url);
        if (ifMatch is not null) request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        return client.SendAsync(request, Ct);
    }

    public static long Id(this JsonElement json) => json.GetProperty("id").GetInt64();

    public static string[] Names(this JsonElement json) => [.. json.EnumerateObject().Select(p => p.Name)];

    /// <summary>The <c>errors</c> of a validation problem, by field path.</summary>
    public static Dictionary<string, string[]> Errors(this JsonElement problem) =>
        problem.GetProperty("errors").Deserialize<Dictionary<string, string[]>>(ApiFactory.Json)!;

    /// <summary>RFC 8288 <c>Link</c> → rel → target.</summary>
    public static Dictionary<string, string> Links(this HttpResponseMessage response)
    {
        var links = new Dictionary<string, string>(StringComparer.Ordinal);
        if (!response.Headers.TryGetValues("Link", out var values)) return links;
        foreach (var link in values.SelectMany(v => v.Split(", <")))
        {
            var parts = link.Split(';', StringSplitOptions.TrimEntries);
            var target = parts[0].Trim('<', '>');
            var rel = parts.Skip(1).Single(p => p.StartsWith("rel=", StringComparison.Ordinal))["rel=".Length..].Trim('"');
            links.Add(rel, target);
        }

        return links;
    }

    /// <summary>The query of a link target, decoded.</summary>
    public static Dictionary<string, string> Query(string target)
    {
        var query = target.Contains('?', StringComparison.Ordinal) ? target[(target.IndexOf('?', StringComparison.Ordinal) + 1)..] : "";
        return query.Split('&', StringSplitOptions.RemoveEmptyEntries)
            .Select(p => p.Split('=', 2))
            .ToDictionary(p => Uri.UnescapeDataString(p[0]), p => Uri.UnescapeDataString(p.Length > 1 ? p[1] : ""), StringComparer.Ordinal);
    }

    public static void ShouldHaveETag(this HttpResponseMessage response, int version)
    {
        response.Headers.ETag.Should().NotBeNull("the response carries the version as its entity tag");
        response.Headers.ETag!.IsWeak.Should().BeFalse("the entity tag is strong");
        response.Headers.ETag.Tag.Should().Be($"\"{version}\"");
    }
}
