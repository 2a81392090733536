using System.Net;
using System.Text;
using System.Text.Json;
using Posts.Api.Tests.Support;
using Posts.Testing;
using static Posts.Api.Tests.Endpoints.Wire;

namespace Posts.Api.Tests.Endpoints;

/// <summary>The API on a real Kestrel (a free port), where the body limit is enforced while reading, not from Content-Length.</summary>
public sealed class KestrelApiFactory : ApiFactory
{
    public KestrelApiFactory(PostgresServer server) : base(server) => UseKestrel(0);
}

/// <summary>A body without a Content-Length (chunked) that outgrows the limit is still 413 <c>payload_too_large</c>.</summary>
public sealed class KestrelLimitsTests(KestrelApiFactory api) : IClassFixture<KestrelApiFactory>
{
    private static HttpRequestMessage Chunked(string path, object body)
    {
        var content = new StreamContent(new MemoryStream(Encoding.UTF8.GetBytes(JsonSerializer.Serialize(body))));
        content.Headers.ContentType = new("application/json");
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = content };
        request.Headers.TransferEncodingChunked = true;
        return request;
    }

    [Fact]
    public async Task POST_posts_with_a_chunked_body_over_256_KiB_is_413()
    {
        using var client = (await api.CreateUserAsync()).Client();

        var response = await client.SendAsync(Chunked("/posts", new { title = "Big", body = new string('x', 300 * 1024) }), Ct);

        await response.ShouldBeProblemAsync(HttpStatusCode.RequestEntityTooLarge, "payload_too_large");
    }

    [Fact]
    public async Task POST_tokens_with_a_chunked_body_over_256_KiB_is_413()
    {
        using var client = api.CreateClient();

        var response = await client.SendAsync(Chunked("/tokens", new { username = "someone", password = new string('x', 300 * 1024) }), Ct);

        await response.ShouldBeProblemAsync(HttpStatusCode.RequestEntityTooLarge, "payload_too_large");
    }

    [Fact]
    public async Task POST_posts_with_a_chunked_body_under_the_limit_is_201()
    {
        using var client = (await api.CreateUserAsync()).Client();

        var response = await client.SendAsync(Chunked("/posts", new { title = "Fine", body = new string('x', 20_000) }), Ct);

        await response.ShouldBeJsonAsync(HttpStatusCode.Created);
    }
}
