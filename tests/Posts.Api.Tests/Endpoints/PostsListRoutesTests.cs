using System.Net;
using System.Text.Json;
using FluentAssertions;
using Posts.Api.Tests.Support;
using static Posts.Api.Tests.Endpoints.Wire;

namespace Posts.Api.Tests.Endpoints;

/// <summary><c>GET /posts</c>: the page shape, Link headers, query parsing and embeds. Each test reads only its own user's posts (<c>author=</c>).</summary>
public sealed class PostsListRoutesTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    private async Task<(ApiUser User, HttpClient Client, long[] NewestFirst)> UserWithPostsAsync(int count)
    {
        var user = await api.CreateUserAsync();
        var client = user.Client();
        var ids = new List<long>();
        for (var i = 0; i < count; i++) ids.Add((await client.CreatePostAsync($"Post {i}", $"Body {i}")).Id());
        ids.Reverse();
        return (user, client, [.. ids]);
    }

    private static long[] Ids(JsonElement page) => [.. page.GetProperty("data").EnumerateArray().Select(p => p.Id())];

    [Fact]
    public async Task GET_posts_is_200_with_data_newest_first_and_meta()
    {
        var (user, client, newestFirst) = await UserWithPostsAsync(2);

        var response = await client.GetAsync($"/posts?author={user.Username}", Ct);

        var page = await response.ShouldBeJsonAsync(HttpStatusCode.OK);
        page.Names().Should().BeEquivalentTo("data", "meta");
        Ids(page).Should().Equal(newestFirst);
        var post = page.GetProperty("data")[0];
        post.Names().Should().BeEquivalentTo("id", "title", "body", "authorId", "createdAt", "updatedAt", "version", "commentCount");
        var meta = page.GetProperty("meta");
        meta.GetProperty("page").GetInt32().Should().Be(1);
        meta.GetProperty("limit").GetInt32().Should().Be(10);
        meta.GetProperty("total").GetInt64().Should().Be(2);
        meta.GetProperty("totalExact").GetBoolean().Should().BeTrue();
        meta.GetProperty("hasMore").GetBoolean().Should().BeFalse();
        meta.GetProperty("nextCursor").ValueKind.Should().Be(JsonValueKind.Null);
        response.Links().Should().ContainKey("first").And.NotContainKeys("next", "prev");
        client.Dispose();
    }

    [Fact]
    public async Task GET_posts_by_page_links_next_prev_and_first_by_page_number_keeping_the_query()
    {
        var (user, client, newestFirst) = await UserWithPostsAsync(5);

        var response = await client.GetAsync($"/posts?author={user.Username}&limit=2&page=2", Ct);

        var page = await response.ShouldBeJsonAsync(HttpStatusCode.OK);
        Ids(page).Should().Equal(newestFirst[2..4]);
        var links = response.Links();
        links.Keys.Should().BeEquivalentTo("next", "prev", "first");
        foreach (var (rel, number) in new[] { ("next", "3"), ("prev", "1"), ("first", "1") })
        {
            links[rel].Should().StartWith("/posts?");
            var query = Query(links[rel]);
            query.Should().Contain("page", number).And.Contain("limit", "2").And.Contain("author", user.Username);
            query.Should().NotContainKey("cursor");
        }

        var last = await client.GetAsync(links["next"], Ct);
        Ids(await last.ShouldBeJsonAsync(HttpStatusCode.OK)).Should().Equal(newestFirst[4..]);
        last.Links().Should().NotContainKey("next", "the last page has no next").And.ContainKeys("prev", "first");
        client.Dispose();
    }

    [Fact]
    public async Task GET_posts_by_cursor_links_next_by_cursor_and_reads_every_post_once()
    {
        var (user, client, newestFirst) = await UserWithPostsAsync(5);

        var first = await client.GetAsync($"/posts?author={user.Username}&limit=2", Ct);
        var cursor = (await first.ShouldBeJsonAsync(HttpStatusCode.OK)).GetProperty("meta").GetProperty("nextCursor").GetString();
        cursor.Should().NotBeNullOrEmpty();

        var seen = new List<long>(newestFirst[..2]);
        var url = $"/posts?author={user.Username}&limit=2&cursor={Uri.EscapeDataString(cursor!)}";
        for (var pages = 0; url is not null; pages++)
        {
            pages.Should().BeLessThan(5, "the cursor must come to an end");
            var response = await client.GetAsync(url, Ct);
            var page = await response.ShouldBeJsonAsync(HttpStatusCode.OK);
            page.GetProperty("meta").GetProperty("page").ValueKind.Should().Be(JsonValueKind.Null, "a cursor page has no number");
            seen.AddRange(Ids(page));
            var links = response.Links();
            links.Should().NotContainKeys("prev", "first");
            if (page.GetProperty("meta").GetProperty("hasMore").GetBoolean())
            {
                var query = Query(links["next"]);
                query.Should().Contain("cursor", page.GetProperty("meta").GetProperty("nextCursor").GetString()!).And.NotContainKey("page");
                query.Should().Contain("author", user.Username);
                url = links["next"];
            }
            else
            {
                links.Should().NotContainKey("next");
                page.GetProperty("meta").GetProperty("nextCursor").ValueKind.Should().Be(JsonValueKind.Null);
                url = null;
            }
        }

        seen.Should().Equal(newestFirst);
        client.Dispose();
    }

    [Theory]
    [InlineData("page=abc", "page")]
    [InlineData("page=0", "page")]
    [InlineData("limit=0", "limit")]
    [InlineData("limit=101", "limit")]
    [InlineData("limit=ten", "limit")]
    [InlineData("page=2&cursor=abc", "cursor")]
    [InlineData("cursor=not-a-cursor", "cursor")]
    [InlineData("since=yesterday", "filter.since")]
    [InlineData("embed=votes", "embed")]
    public async Task GET_posts_with_a_bad_query_value_is_400_naming_it(string query, string field)
    {
        var user = await api.CreateUserAsync();
        using var client = user.Client();

        var response = await client.GetAsync($"/posts?{query}", Ct);

        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
        problem.Errors().Should().ContainKey(field);
    }

    [Fact]
    public async Task GET_posts_accepts_the_articles_since_form_and_filters_by_it()
    {
        var (user, client, newestFirst) = await UserWithPostsAsync(1);
        var tomorrow = api.Clock.GetUtcNow().AddDays(1).ToString("yyyy/MM/dd HH:mm", System.Globalization.CultureInfo.InvariantCulture);

        var old = await client.GetAsync($"/posts?author={user.Username}&since={Uri.EscapeDataString("2014/12/29 14:30")}", Ct);
        var future = await client.GetAsync($"/posts?author={user.Username}&since={Uri.EscapeDataString(tomorrow)}", Ct);

        Ids(await old.ShouldBeJsonAsync(HttpStatusCode.OK)).Should().Equal(newestFirst);
        Ids(await future.ShouldBeJsonAsync(HttpStatusCode.OK)).Should().BeEmpty();
        client.Dispose();
    }

    [Fact]
    public async Task GET_posts_with_q_finds_posts_by_their_text()
    {
        var user = await api.CreateUserAsync();
        using var client = user.Client();
        var match = await client.CreatePostAsync("About zebras", "Striped");
        await client.CreatePostAsync("About lions", "Maned");

        var response = await client.GetAsync($"/posts?author={user.Username}&q=zebras", Ct);

        Ids(await response.ShouldBeJsonAsync(HttpStatusCode.OK)).Should().Equal(match.Id());
    }

    [Fact]
    public async Task GET_posts_with_embed_author_and_comments_embeds_both()
    {
        var (user, client, newestFirst) = await UserWithPostsAsync(1);
        var first = await client.CreateCommentAsync(newestFirst[0], "first");
        var second = await client.CreateCommentAsync(newestFirst[0], "second");

        var response = await client.GetAsync($"/posts?author={user.Username}&embed=author,comments", Ct);

        var post = (await response.ShouldBeJsonAsync(HttpStatusCode.OK)).GetProperty("data")[0];
        var author = post.GetProperty("author");
        author.Names().Should().BeEquivalentTo("id", "username", "displayName");
        author.GetProperty("username").GetString().Should().Be(user.Username);
        author.GetProperty("id").GetInt64().Should().Be(post.GetProperty("authorId").GetInt64());
        post.GetProperty("comments").EnumerateArray().Select(c => c.Id()).Should().Equal(first.Id(), second.Id());
        post.GetProperty("commentCount").GetInt32().Should().Be(2);
        client.Dispose();
    }

    [Fact]
    public async Task GET_posts_without_a_token_is_401()
    {
        using var client = api.CreateClient();

        var response = await client.GetAsync("/posts", Ct);

        await response.ShouldBeProblemAsync(HttpStatusCode.Unauthorized, "unauthenticated");
        response.Headers.WwwAuthenticate.Should().ContainSingle(h => h.Scheme == "Bearer");
    }
}
