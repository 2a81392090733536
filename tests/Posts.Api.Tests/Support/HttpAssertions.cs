using System.Net;
using System.Text.Json;
using FluentAssertions;

namespace Posts.Api.Tests.Support;

public static class HttpAssertions
{
    /// <summary>Asserts an RFC 9457 problem with the spec's code and returns its JSON.</summary>
    public static async Task<JsonElement> ShouldBeProblemAsync(this HttpResponseMessage response, HttpStatusCode status, string code)
    {
        var text = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        response.StatusCode.Should().Be(status, text);
        response.Content.Headers.ContentType?.MediaType.Should().Be("application/problem+json");
        using var json = JsonDocument.Parse(text);
        var root = json.RootElement.Clone();
        root.GetProperty("code").GetString().Should().Be(code);
        root.GetProperty("status").GetInt32().Should().Be((int)status);
        root.GetProperty("type").GetString().Should().Be("https://posts.example/problems/" + code);
        root.GetProperty("title").GetString().Should().NotBeNullOrEmpty();
        root.GetProperty("traceId").GetString().Should().NotBeNullOrEmpty();
        return root;
    }

    public static async Task<JsonElement> ShouldBeJsonAsync(this HttpResponseMessage response, HttpStatusCode status)
    {
        var text = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        response.StatusCode.Should().Be(status, text);
        using var json = JsonDocument.Parse(text);
        return json.RootElement.Clone();
    }
}
