using System.Net;
using System.Text.Json;
using FluentAssertions;
using Posts.Api.Tests.Support;
using static Posts.Api.Tests.Endpoints.Wire;

namespace Posts.Api.Tests.Endpoints;

/// <summary>What ASP.NET itself rejects is a problem with the spec's code too, never a 500.</summary>
public sealed class FrameworkErrorsTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    [Theory]
    [InlineData("/nope")]
    [InlineData("/posts/abc")]
    [InlineData("/posts/1/nope")]
    [InlineData("/comments")]
    public async Task An_unknown_route_is_404_not_found(string path)
    {
        using var client = (await api.CreateUserAsync()).Client();

        var response = await client.GetAsync(path, Ct);

        await response.ShouldBeProblemAsync(HttpStatusCode.NotFound, "not_found");
    }

    [Fact]
    public async Task An_unknown_route_is_404_without_a_token_too()
    {
        using var client = api.CreateClient();

        var response = await client.GetAsync("/nope", Ct);

        await response.ShouldBeProblemAsync(HttpStatusCode.NotFound, "not_found");
    }

    [Theory]
    [InlineData("PUT", "/posts", new[] { "GET", "POST" })]
    [InlineData("GET", "/tokens", new[] { "POST" })]
    [InlineData("POST", "/me", new[] { "GET" })]
    [InlineData("PUT", "/posts/1", new[] { "GET", "PATCH", "DELETE" })]
    [InlineData("GET", "/comments/1", new[] { "PATCH", "DELETE" })]
    public async Task A_wrong_method_is_405_method_not_allowed_with_Allow(string method, string path, string[] allowed)
    {
        using var client = (await api.CreateUserAsync()).Client();

        var response = await client.SendAsync(new HttpRequestMessage(new HttpMethod(method), path) { Content = Body("{}") }, Ct);

        await response.ShouldBeProblemAsync(HttpStatusCode.MethodNotAllowed, "method_not_allowed");
        response.Content.Headers.Allow.Should().Contain(allowed);
    }

    [Theory]
    [InlineData("POST", "/posts", "text/plain")]
    [InlineData("POST", "/posts", "application/xml")]
    [InlineData("POST", "/tokens", "application/x-www-form-urlencoded")]
    public async Task A_body_that_is_not_JSON_is_415_unsupported_media_type(string method, string path, string mediaType)
    {
        using var client = (await api.CreateUserAsync()).Client();

        var response = await client.SendAsync(new HttpRequestMessage(new HttpMethod(method), path) { Content = Body("x=1", mediaType) }, Ct);

        await response.ShouldBeProblemAsync(HttpStatusCode.UnsupportedMediaType, "unsupported_media_type");
    }

    [Theory]
    [InlineData("/posts")]
    [InlineData("/tokens")]
    public async Task A_body_over_the_limit_is_413_payload_too_large(string path)
    {
        using var client = (await api.CreateUserAsync()).Client();
        var json = JsonSerializer.Serialize(new { title = "Big", body = new string('x', 300 * 1024) });

        var response = await client.PostAsync(path, Body(json), Ct);

        await response.ShouldBeProblemAsync(HttpStatusCode.RequestEntityTooLarge, "payload_too_large");
    }

    [Fact]
    public async Task Problems_are_problem_json_even_when_the_client_asks_for_JSON()
    {
        using var client = (await api.CreateUserAsync()).Client();
        client.DefaultRequestHeaders.Accept.ParseAdd("application/json");

        var response = await client.GetAsync("/posts/999999999", Ct);

        await response.ShouldBeProblemAsync(HttpStatusCode.NotFound, "not_found");
    }

    [Fact]
    public async Task A_body_the_framework_rejects_is_still_problem_json_when_the_client_accepts_only_HTML()
    {
        using var client = (await api.CreateUserAsync()).Client();
        client.DefaultRequestHeaders.Accept.ParseAdd("text/html");

        var response = await client.PostAsync("/posts", Body("{"), Ct);

        await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
    }

    [Theory]
    [InlineData("GET", "/nope", HttpStatusCode.NotFound, "not_found")]
    [InlineData("PUT", "/posts", HttpStatusCode.MethodNotAllowed, "method_not_allowed")]
    public async Task What_routing_rejects_is_problem_json_even_for_a_client_that_accepts_only_HTML(
        string method, string path, HttpStatusCode status, string code)
    {
        using var client = api.CreateClient();
        using var request = new HttpRequestMessage(new HttpMethod(method), path);
        request.Headers.Accept.ParseAdd("text/html");

        var response = await client.SendAsync(request, Ct);

        await response.ShouldBeProblemAsync(status, code);
    }

    [Fact]
    public async Task No_client_error_above_left_a_500_in_the_log()
    {
        using var client = (await api.CreateUserAsync()).Client();
        await client.GetAsync("/posts/abc", Ct);
        await client.PostAsync("/posts", Body("{", "application/json"), Ct);
        await client.PostAsync("/posts", Body("{}", "text/plain"), Ct);

        api.Logs.Should().NotContain(line => line.Contains("Unhandled exception", StringComparison.Ordinal));
    }
}
