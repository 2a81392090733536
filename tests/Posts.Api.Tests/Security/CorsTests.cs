using System.Net;
using System.Net.Http.Json;
using FluentAssertions;
using Posts.Api.Tests.Support;
using Posts.Testing;

namespace Posts.Api.Tests.Security;

internal static class Cors
{
    public const string AllowedOrigin = "https://app.example";

    public static HttpRequestMessage Preflight(string origin, string path = "/posts")
    {
        var request = new HttpRequestMessage(HttpMethod.Options, path);
        request.Headers.Add("Origin", origin);
        request.Headers.Add("Access-Control-Request-Method", "POST");
        request.Headers.Add("Access-Control-Request-Headers", "authorization,content-type,idempotency-key");
        return request;
    }

    public static HttpRequestMessage From(string origin, HttpMethod method, string path, object? body = null)
    {
        var request = new HttpRequestMessage(method, path);
        request.Headers.Add("Origin", origin);
        if (body is not null) request.Content = JsonContent.Create(body);
        return request;
    }
}

/// <summary>CORS is off unless origins are configured: no browser origin is ever allowed by default.</summary>
public sealed class CorsOffByDefaultTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    [Fact]
    public async Task Preflight_and_requests_from_a_browser_origin_get_no_allow_origin_header()
    {
        var ct = TestContext.Current.CancellationToken;
        var user = await api.CreateUserAsync();
        using var client = user.Client();

        using var preflight = await client.SendAsync(Cors.Preflight(Cors.AllowedOrigin), ct);
        using var request = Cors.From(Cors.AllowedOrigin, HttpMethod.Get, "/posts");
        using var response = await client.SendAsync(request, ct);

        preflight.Headers.Contains("Access-Control-Allow-Origin").Should().BeFalse();
        preflight.Headers.Contains("Access-Control-Allow-Methods").Should().BeFalse();
        response.StatusCode.Should().Be(HttpStatusCode.OK);
        response.Headers.Contains("Access-Control-Allow-Origin").Should().BeFalse();
    }
}

/// <summary>The API with one allowed origin.</summary>
public sealed class CorsApiFactory(PostgresServer server) : ApiFactory(server)
{
    protected override IEnumerable<KeyValuePair<string, string?>> Settings => [new("Api:CorsOrigins:0", Cors.AllowedOrigin)];
}

/// <summary>With <c>Api:CorsOrigins</c> set, exactly those origins are allowed, and the headers a client needs are exposed.</summary>
public sealed class CorsConfiguredTests(CorsApiFactory api) : IClassFixture<CorsApiFactory>
{
    [Fact]
    public async Task Preflight_from_the_configured_origin_is_allowed()
    {
        var ct = TestContext.Current.CancellationToken;
        using var client = api.CreateClient();

        using var preflight = await client.SendAsync(Cors.Preflight(Cors.AllowedOrigin), ct);

        preflight.IsSuccessStatusCode.Should().BeTrue(preflight.StatusCode.ToString());
        preflight.Headers.GetValues("Access-Control-Allow-Origin").Should().Equal(Cors.AllowedOrigin);
        string.Join(",", preflight.Headers.GetValues("Access-Control-Allow-Methods")).Should().Contain("POST");
        string.Join(",", preflight.Headers.GetValues("Access-Control-Allow-Headers")).ToUpperInvariant()
            .Should().Contain("AUTHORIZATION").And.Contain("IDEMPOTENCY-KEY");
        preflight.Headers.Contains("Access-Control-Allow-Credentials").Should().BeFalse("auth is a bearer header, never a cookie");
    }

    [Theory]
    [InlineData("https://evil.example")]
    [InlineData("https://app.example.evil.example")]
    [InlineData("http://app.example")]
    public async Task Preflight_from_any_other_origin_is_not_allowed(string origin)
    {
        var ct = TestContext.Current.CancellationToken;
        using var client = api.CreateClient();

        using var preflight = await client.SendAsync(Cors.Preflight(origin), ct);

        preflight.Headers.Contains("Access-Control-Allow-Origin").Should().BeFalse();
    }

    [Fact]
    public async Task Responses_to_the_configured_origin_expose_etag_and_location()
    {
        var ct = TestContext.Current.CancellationToken;
        var user = await api.CreateUserAsync();
        using var client = user.Client();

        using var request = Cors.From(Cors.AllowedOrigin, HttpMethod.Post, "/posts", new { title = "Cross-origin", body = "Hello" });
        using var created = await client.SendAsync(request, ct);

        created.StatusCode.Should().Be(HttpStatusCode.Created);
        created.Headers.GetValues("Access-Control-Allow-Origin").Should().Equal(Cors.AllowedOrigin);
        var exposed = string.Join(",", created.Headers.GetValues("Access-Control-Expose-Headers"))
            .Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        exposed.Should().Contain(["ETag", "Location"]);
        created.Headers.Location.Should().NotBeNull();
        created.Headers.ETag.Should().NotBeNull();
    }
}
