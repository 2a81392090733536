using System.Net;
using System.Net.Http.Json;
using FluentAssertions;
using Posts.Api.Tests.Support;

namespace Posts.Api.Tests.Endpoints;

public sealed class SmokeTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    [Fact]
    public async Task A_signed_in_user_creates_and_reads_a_post()
    {
        var user = await api.CreateUserAsync();
        using var client = user.Client();

        var created = await client.PostAsJsonAsync("/posts", new { title = "Hello", body = "World" }, TestContext.Current.CancellationToken);
        var post = await created.ShouldBeJsonAsync(HttpStatusCode.Created);
        var read = await client.GetAsync(created.Headers.Location, TestContext.Current.CancellationToken);

        (await read.ShouldBeJsonAsync(HttpStatusCode.OK)).GetProperty("title").GetString().Should().Be("Hello");
        read.Headers.ETag!.Tag.Should().Be("\"1\"");
        post.TryGetProperty("author", out _).Should().BeFalse("author is only there with embed=author");
    }
}
