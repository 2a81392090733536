using System.Net;
using System.Net.Http.Json;
using FluentAssertions;
using Posts.Api.Tests.Support;
using static Posts.Api.Tests.Endpoints.Wire;

namespace Posts.Api.Tests.Endpoints;

/// <summary><c>GET</c>/<c>POST /posts/{id}/comments</c>, <c>PATCH</c>/<c>DELETE /comments/{id}</c>.</summary>
public sealed class CommentsRoutesTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    private const long Missing = 999_999_999_999;

    private async Task<(HttpClient Client, long PostId)> PostAsync()
    {
        var client = (await api.CreateUserAsync()).Client();
        return (client, (await client.CreatePostAsync()).Id());
    }

    private async Task<(HttpClient Client, long CommentId)> CommentAsync(string body = "Original comment")
    {
        var (client, postId) = await PostAsync();
        return (client, (await client.CreateCommentAsync(postId, body)).Id());
    }

    // ---- GET /posts/{id}/comments

    [Fact]
    public async Task GET_comments_is_200_with_a_page_oldest_first()
    {
        var (client, postId) = await PostAsync();
        using (client)
        {
            var ids = new List<long>();
            for (var i = 0; i < 3; i++) ids.Add((await client.CreateCommentAsync(postId, $"Comment {i}")).Id());

            var response = await client.GetAsync($"/posts/{postId}/comments?limit=2", Ct);

            var page = await response.ShouldBeJsonAsync(HttpStatusCode.OK);
            page.GetProperty("data").EnumerateArray().Select(c => c.Id()).Should().Equal(ids[0], ids[1]);
            var meta = page.GetProperty("meta");
            meta.GetProperty("page").GetInt32().Should().Be(1);
            meta.GetProperty("limit").GetInt32().Should().Be(2);
            meta.GetProperty("total").GetInt64().Should().Be(3);
            meta.GetProperty("hasMore").GetBoolean().Should().BeTrue();
            var next = response.Links().Should().ContainKey("next").WhoseValue;
            Query(next).Should().Contain("page", "2");

            var second = await client.GetAsync(next, Ct);
            (await second.ShouldBeJsonAsync(HttpStatusCode.OK)).GetProperty("data").EnumerateArray().Select(c => c.Id()).Should().Equal(ids[2]);
        }
    }

    [Fact]
    public async Task GET_comments_of_a_missing_post_is_404()
    {
        using var client = (await api.CreateUserAsync()).Client();

        var response = await client.GetAsync($"/posts/{Missing}/comments", Ct);

        await response.ShouldBeProblemAsync(HttpStatusCode.NotFound, "not_found");
    }

    [Theory]
    [InlineData("limit=0", "limit")]
    [InlineData("page=x", "page")]
    public async Task GET_comments_with_a_bad_query_value_is_400(string query, string field)
    {
        var (client, postId) = await PostAsync();
        using (client)
        {
            var response = await client.GetAsync($"/posts/{postId}/comments?{query}", Ct);

            (await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest, "validation_failed")).Errors().Should().ContainKey(field);
        }
    }

    [Fact]
    public async Task GET_comments_without_a_token_is_401()
    {
        var (client, postId) = await PostAsync();
        client.Dispose();
        using var anonymous = api.CreateClient();

        var response = await anonymous.GetAsync($"/posts/{postId}/comments", Ct);

        await response.ShouldBeProblemAsync(HttpStatusCode.Unauthorized, "unauthenticated");
    }

    // ---- POST /posts/{id}/comments

    [Fact]
    public async Task POST_comment_is_201_with_Location_and_the_comment_and_leaves_the_post_version_alone()
    {
        var (client, postId) = await PostAsync();
        using (client)
        {
            using var commenter = (await api.CreateUserAsync()).Client();
            var me = await (await commenter.GetAsync("/me", Ct)).ShouldBeJsonAsync(HttpStatusCode.OK);

            var response = await commenter.PostAsJsonAsync($"/posts/{postId}/comments", new { body = "Nice" }, Ct);

            var comment = await response.ShouldBeJsonAsync(HttpStatusCode.Created);
            response.Headers.Location!.ToString().Should().Be($"/comments/{comment.Id()}");
            comment.Names().Should().BeEquivalentTo("id", "postId", "authorId", "body", "createdAt", "updatedAt");
            comment.GetProperty("postId").GetInt64().Should().Be(postId);
            comment.GetProperty("authorId").GetInt64().Should().Be(me.Id());
            comment.GetProperty("body").GetString().Should().Be("Nice");

            var post = await client.GetAsync($"/posts/{postId}", Ct);
            (await post.ShouldBeJsonAsync(HttpStatusCode.OK)).GetProperty("commentCount").GetInt32().Should().Be(1);
            post.ShouldHaveETag(1);
        }
    }

    [Theory]
    [InlineData("""{"body":""}""")]
    [InlineData("""{"body":null}""")]
    [InlineData("""{}""")]
    public async Task POST_comment_without_a_valid_body_is_400_on_body(string json)
    {
        var (client, postId) = await PostAsync();
        using (client)
        {
            var response = await client.PostAsync($"/posts/{postId}/comments", Body(json), Ct);

            (await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest, "validation_failed")).Errors().Should().ContainKey("body");
        }
    }

    [Fact]
    public async Task POST_comment_with_a_postId_in_the_body_is_400()
    {
        var (client, postId) = await PostAsync();
        using (client)
        {
            var response = await client.PostAsync($"/posts/{postId}/comments", Body("""{"body":"Hi","postId":1}"""), Ct);

            (await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest, "validation_failed")).Errors().Should().ContainKey("postId");
        }
    }

    [Fact]
    public async Task POST_comment_on_a_missing_post_is_404()
    {
        using var client = (await api.CreateUserAsync()).Client();

        var response = await client.PostAsJsonAsync($"/posts/{Missing}/comments", new { body = "Nice" }, Ct);

        await response.ShouldBeProblemAsync(HttpStatusCode.NotFound, "not_found");
    }

    [Fact]
    public async Task POST_comment_as_text_plain_is_415()
    {
        var (client, postId) = await PostAsync();
        using (client)
        {
            var response = await client.PostAsync($"/posts/{postId}/comments", Body("""{"body":"Nice"}""", "text/plain"), Ct);

            await response.ShouldBeProblemAsync(HttpStatusCode.UnsupportedMediaType, "unsupported_media_type");
        }
    }

    [Fact]
    public async Task POST_comment_without_a_token_is_401()
    {
        var (client, postId) = await PostAsync();
        client.Dispose();
        using var anonymous = api.CreateClient();

        var response = await anonymous.PostAsJsonAsync($"/posts/{postId}/comments", new { body = "Nice" }, Ct);

        await response.ShouldBeProblemAsync(HttpStatusCode.Unauthorized, "unauthenticated");
    }

    // ---- PATCH /comments/{id}

    [Theory]
    [InlineData(MergePatch)]
    [InlineData("application/json")]
    public async Task PATCH_comment_is_200_with_the_changed_comment(string mediaType)
    {
        var (client, id) = await CommentAsync();
        using (client)
        {
            var response = await client.PatchAsync($"/comments/{id}", """{"body":"Edited"}""", mediaType);

            var comment = await response.ShouldBeJsonAsync(HttpStatusCode.OK);
            comment.Id().Should().Be(id);
            comment.GetProperty("body").GetString().Should().Be("Edited");
        }
    }

    [Fact]
    public async Task PATCH_comment_with_an_empty_patch_is_200_and_changes_nothing()
    {
        var (client, id) = await CommentAsync("Keep me");
        using (client)
        {
            var response = await client.PatchAsync($"/comments/{id}", "{}");

            (await response.ShouldBeJsonAsync(HttpStatusCode.OK)).GetProperty("body").GetString().Should().Be("Keep me");
        }
    }

    [Fact]
    public async Task PATCH_comment_with_a_null_body_is_400_on_body()
    {
        var (client, id) = await CommentAsync();
        using (client)
        {
            var response = await client.PatchAsync($"/comments/{id}", """{"body":null}""");

            (await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest, "validation_failed")).Errors().Should().ContainKey("body");
        }
    }

    [Fact]
    public async Task PATCH_comment_with_a_null_document_is_400()
    {
        var (client, id) = await CommentAsync();
        using (client)
        {
            var response = await client.PatchAsync($"/comments/{id}", "null");

            var problem = await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
            problem.Errors().Should().ContainKey("body");
            problem.GetProperty("detail").GetString().Should().NotContain("parameter", "framework internals are not the answer");
        }
    }

    [Fact]
    public async Task PATCH_comment_by_another_user_is_403_and_by_an_admin_200()
    {
        var (client, id) = await CommentAsync();
        client.Dispose();
        using var other = (await api.CreateUserAsync()).Client();
        using var admin = (await api.CreateUserAsync(admin: true)).Client();

        var forbidden = await other.PatchAsync($"/comments/{id}", """{"body":"Mine now"}""");
        var allowed = await admin.PatchAsync($"/comments/{id}", """{"body":"Moderated"}""");

        await forbidden.ShouldBeProblemAsync(HttpStatusCode.Forbidden, "forbidden");
        (await allowed.ShouldBeJsonAsync(HttpStatusCode.OK)).GetProperty("body").GetString().Should().Be("Moderated");
    }

    [Fact]
    public async Task PATCH_a_missing_comment_is_404()
    {
        using var client = (await api.CreateUserAsync()).Client();

        var response = await client.PatchAsync($"/comments/{Missing}", """{"body":"Edited"}""");

        await response.ShouldBeProblemAsync(HttpStatusCode.NotFound, "not_found");
    }

    [Fact]
    public async Task PATCH_comment_without_a_token_is_401()
    {
        var (client, id) = await CommentAsync();
        client.Dispose();
        using var anonymous = api.CreateClient();

        var response = await anonymous.PatchAsync($"/comments/{id}", """{"body":"Edited"}""");

        await response.ShouldBeProblemAsync(HttpStatusCode.Unauthorized, "unauthenticated");
    }

    // ---- DELETE /comments/{id}

    [Fact]
    public async Task DELETE_comment_is_204_and_the_comment_is_gone()
    {
        var (client, postId) = await PostAsync();
        using (client)
        {
            var id = (await client.CreateCommentAsync(postId)).Id();

            var response = await client.DeleteAsync($"/comments/{id}", Ct);

            response.StatusCode.Should().Be(HttpStatusCode.NoContent);
            var page = await (await client.GetAsync($"/posts/{postId}/comments", Ct)).ShouldBeJsonAsync(HttpStatusCode.OK);
            page.GetProperty("data").GetArrayLength().Should().Be(0);
            await (await client.DeleteAsync($"/comments/{id}", Ct)).ShouldBeProblemAsync(HttpStatusCode.NotFound, "not_found");
        }
    }

    [Fact]
    public async Task DELETE_comment_by_another_user_is_403_and_by_an_admin_204()
    {
        var (client, id) = await CommentAsync();
        client.Dispose();
        using var other = (await api.CreateUserAsync()).Client();
        using var admin = (await api.CreateUserAsync(admin: true)).Client();

        await (await other.DeleteAsync($"/comments/{id}", Ct)).ShouldBeProblemAsync(HttpStatusCode.Forbidden, "forbidden");
        (await admin.DeleteAsync($"/comments/{id}", Ct)).StatusCode.Should().Be(HttpStatusCode.NoContent);
    }

    [Fact]
    public async Task DELETE_a_missing_comment_is_404()
    {
        using var client = (await api.CreateUserAsync()).Client();

        var response = await client.DeleteAsync($"/comments/{Missing}", Ct);

        await response.ShouldBeProblemAsync(HttpStatusCode.NotFound, "not_found");
    }

    [Fact]
    public async Task DELETE_comment_without_a_token_is_401()
    {
        var (client, id) = await CommentAsync();
        client.Dispose();
        using var anonymous = api.CreateClient();

        var response = await anonymous.DeleteAsync($"/comments/{id}", Ct);

        await response.ShouldBeProblemAsync(HttpStatusCode.Unauthorized, "unauthenticated");
    }
}
