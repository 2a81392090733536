using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using FluentAssertions;
using Posts.Api.Tests.Support;
using static Posts.Api.Tests.Endpoints.Wire;

namespace Posts.Api.Tests.Endpoints;

/// <summary><c>POST /posts</c>, <c>GET</c>, <c>PATCH</c> and <c>DELETE /posts/{id}</c>: status, headers, body and every error.</summary>
public sealed class PostsRoutesTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    private const long Missing = 999_999_999_999;

    private async Task<(HttpClient Client, long Id)> AuthorWithPostAsync(string title = "Original title", string body = "Original body")
    {
        var client = (await api.CreateUserAsync()).Client();
        return (client, (await client.CreatePostAsync(title, body)).Id());
    }

    private async Task<JsonElement> ReadAsync(long id)
    {
        using var reader = (await api.CreateUserAsync()).Client();
        return await (await reader.GetAsync($"/posts/{id}", Ct)).ShouldBeJsonAsync(HttpStatusCode.OK);
    }

    // ---- POST /posts

    [Fact]
    public async Task POST_posts_is_201_with_Location_ETag_1_and_the_post()
    {
        var user = await api.CreateUserAsync();
        using var client = user.Client();
        var me = await (await client.GetAsync("/me", Ct)).ShouldBeJsonAsync(HttpStatusCode.OK);

        var response = await client.PostAsJsonAsync("/posts", new { title = "Hello", body = "World" }, Ct);

        var post = await response.ShouldBeJsonAsync(HttpStatusCode.Created);
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/json");
        response.Headers.Location!.ToString().Should().Be($"/posts/{post.Id()}");
        response.ShouldHaveETag(1);
        post.Names().Should().BeEquivalentTo("id", "title", "body", "authorId", "createdAt", "updatedAt", "version", "commentCount");
        post.GetProperty("title").GetString().Should().Be("Hello");
        post.GetProperty("body").GetString().Should().Be("World");
        post.GetProperty("authorId").GetInt64().Should().Be(me.Id());
        post.GetProperty("version").GetInt32().Should().Be(1);
        post.GetProperty("commentCount").GetInt32().Should().Be(0);
        post.GetProperty("createdAt").GetString().Should().EndWith("Z");
        post.GetProperty("createdAt").GetDateTimeOffset().Should().Be(api.Clock.GetUtcNow());
    }

    [Fact]
    public async Task POST_posts_with_an_empty_title_is_400_on_title()
    {
        using var client = (await api.CreateUserAsync()).Client();

        var response = await client.PostAsJsonAsync("/posts", new { title = "", body = "World" }, Ct);

        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
        problem.Errors().Should().ContainKey("title").WhoseValue.Should().NotBeEmpty();
    }

    [Fact]
    public async Task POST_posts_with_an_authorId_is_400_and_creates_nothing()
    {
        var user = await api.CreateUserAsync();
        using var client = user.Client();

        var response = await client.PostAsync("/posts", Body("""{"title":"Hello","body":"World","authorId":1}"""), Ct);

        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
        problem.Errors().Should().ContainKey("authorId");
        var mine = await (await client.GetAsync($"/posts?author={user.Username}", Ct)).ShouldBeJsonAsync(HttpStatusCode.OK);
        mine.GetProperty("data").GetArrayLength().Should().Be(0);
    }

    [Theory]
    [InlineData("""{"title":"Hello","body":""", "body")]
    [InlineData("""{"title":"Hello","body":42}""", "body")]
    [InlineData("""[1,2]""", "body")]
    [InlineData("not json", "body")]
    public async Task POST_posts_with_malformed_JSON_is_400(string json, string field)
    {
        using var client = (await api.CreateUserAsync()).Client();

        var response = await client.PostAsync("/posts", Body(json), Ct);

        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
        problem.Errors().Should().ContainKey(field);
    }

    [Fact]
    public async Task POST_posts_without_a_body_is_400()
    {
        using var client = (await api.CreateUserAsync()).Client();

        var response = await client.PostAsync("/posts", Body(""), Ct);

        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
        problem.Errors().Should().ContainKey("body");
        problem.GetProperty("detail").GetString().Should().NotContain("parameter", "framework internals are not the answer");
    }

    [Fact]
    public async Task POST_posts_as_text_plain_is_415()
    {
        using var client = (await api.CreateUserAsync()).Client();

        var response = await client.PostAsync("/posts", Body("""{"title":"Hello","body":"World"}""", "text/plain"), Ct);

        await response.ShouldBeProblemAsync(HttpStatusCode.UnsupportedMediaType, "unsupported_media_type");
    }

    [Fact]
    public async Task POST_posts_with_a_body_over_256_KiB_is_413()
    {
        using var client = (await api.CreateUserAsync()).Client();
        var json = JsonSerializer.Serialize(new { title = "Big", body = new string('x', 256 * 1024 + 1) });

        var response = await client.PostAsync("/posts", Body(json), Ct);

        await response.ShouldBeProblemAsync(HttpStatusCode.RequestEntityTooLarge, "payload_too_large");
    }

    [Fact]
    public async Task POST_posts_without_a_token_is_401()
    {
        using var client = api.CreateClient();

        var response = await client.PostAsJsonAsync("/posts", new { title = "Hello", body = "World" }, Ct);

        await response.ShouldBeProblemAsync(HttpStatusCode.Unauthorized, "unauthenticated");
    }

    [Fact]
    public async Task POST_posts_retried_with_the_same_Idempotency_Key_returns_the_first_post_and_another_body_is_422()
    {
        using var client = (await api.CreateUserAsync()).Client();
        HttpRequestMessage Request(string title) => new(HttpMethod.Post, "/posts")
        {
            Content = JsonContent.Create(new { title, body = "World" }),
            Headers = { { "Idempotency-Key", "key-1" } },
        };

        var first = await client.SendAsync(Request("Hello"), Ct);
        var retry = await client.SendAsync(Request("Hello"), Ct);
        var other = await client.SendAsync(Request("Changed"), Ct);

        var created = await first.ShouldBeJsonAsync(HttpStatusCode.Created);
        var replayed = await retry.ShouldBeJsonAsync(HttpStatusCode.Created);
        replayed.Id().Should().Be(created.Id());
        retry.Headers.Location.Should().Be(first.Headers.Location);
        retry.ShouldHaveETag(1);
        await other.ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity, "idempotency_key_reused");
    }

    // ---- GET /posts/{id}

    [Fact]
    public async Task GET_post_is_200_with_a_strong_ETag_and_no_embeds_unless_asked()
    {
        var (client, id) = await AuthorWithPostAsync();
        using (client)
        {
            var response = await client.GetAsync($"/posts/{id}", Ct);

            var post = await response.ShouldBeJsonAsync(HttpStatusCode.OK);
            response.ShouldHaveETag(1);
            post.Id().Should().Be(id);
            post.Names().Should().NotContain("author").And.NotContain("comments");
        }
    }

    [Fact]
    public async Task GET_post_with_embed_author_and_comments_embeds_them()
    {
        var (client, id) = await AuthorWithPostAsync();
        using (client)
        {
            var comment = await client.CreateCommentAsync(id, "Nice");

            var response = await client.GetAsync($"/posts/{id}?embed=author,comments", Ct);

            var post = await response.ShouldBeJsonAsync(HttpStatusCode.OK);
            post.GetProperty("author").GetProperty("id").GetInt64().Should().Be(post.GetProperty("authorId").GetInt64());
            var comments = post.GetProperty("comments");
            comments.GetArrayLength().Should().Be(1);
            comments[0].Names().Should().BeEquivalentTo("id", "postId", "authorId", "body", "createdAt", "updatedAt");
            comments[0].Id().Should().Be(comment.Id());
            response.ShouldHaveETag(1);
        }
    }

    [Fact]
    public async Task GET_post_with_embed_votes_is_400()
    {
        var (client, id) = await AuthorWithPostAsync();
        using (client)
        {
            var response = await client.GetAsync($"/posts/{id}?embed=votes", Ct);

            var problem = await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
            problem.Errors().Should().ContainKey("embed");
        }
    }

    [Fact]
    public async Task GET_a_missing_post_is_404()
    {
        using var client = (await api.CreateUserAsync()).Client();

        var response = await client.GetAsync($"/posts/{Missing}", Ct);

        await response.ShouldBeProblemAsync(HttpStatusCode.NotFound, "not_found");
    }

    [Fact]
    public async Task GET_post_without_a_token_is_401()
    {
        var (client, id) = await AuthorWithPostAsync();
        client.Dispose();
        using var anonymous = api.CreateClient();

        var response = await anonymous.GetAsync($"/posts/{id}", Ct);

        await response.ShouldBeProblemAsync(HttpStatusCode.Unauthorized, "unauthenticated");
    }

    // ---- PATCH /posts/{id}

    [Theory]
    [InlineData(MergePatch)]
    [InlineData("application/json")]
    public async Task PATCH_post_is_200_with_the_new_ETag_and_leaves_absent_fields_untouched(string mediaType)
    {
        var (client, id) = await AuthorWithPostAsync();
        using (client)
        {
            var response = await client.PatchAsync($"/posts/{id}", """{"title":"New title"}""", mediaType);

            var post = await response.ShouldBeJsonAsync(HttpStatusCode.OK);
            response.ShouldHaveETag(2);
            post.GetProperty("version").GetInt32().Should().Be(2);
            post.GetProperty("title").GetString().Should().Be("New title");
            post.GetProperty("body").GetString().Should().Be("Original body", "an absent field is left unchanged");
            (await ReadAsync(id)).GetProperty("title").GetString().Should().Be("New title");
        }
    }

    [Fact]
    public async Task PATCH_post_with_a_null_title_is_400_on_title()
    {
        var (client, id) = await AuthorWithPostAsync();
        using (client)
        {
            var response = await client.PatchAsync($"/posts/{id}", """{"title":null}""");

            var problem = await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
            problem.Errors().Should().ContainKey("title");
            (await ReadAsync(id)).GetProperty("title").GetString().Should().Be("Original title");
        }
    }

    [Fact]
    public async Task PATCH_post_with_a_version_in_the_body_is_400_on_version()
    {
        var (client, id) = await AuthorWithPostAsync();
        using (client)
        {
            var response = await client.PatchAsync($"/posts/{id}", """{"title":"New","version":1}""");

            var problem = await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
            problem.Errors().Should().ContainKey("version");
            (await ReadAsync(id)).GetProperty("version").GetInt32().Should().Be(1);
        }
    }

    [Theory]
    [InlineData("authorId", "7")]
    [InlineData("id", "7")]
    [InlineData("createdAt", "\"2020-01-01T00:00:00Z\"")]
    public async Task PATCH_post_with_a_field_that_is_not_settable_is_400(string field, string value)
    {
        var (client, id) = await AuthorWithPostAsync();
        using (client)
        {
            var response = await client.PatchAsync($"/posts/{id}", $$"""{"{{field}}":{{value}}}""");

            var problem = await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
            problem.Errors().Should().ContainKey(field);
        }
    }

    [Fact]
    public async Task PATCH_post_with_a_current_If_Match_is_200()
    {
        var (client, id) = await AuthorWithPostAsync();
        using (client)
        {
            var response = await client.PatchAsync($"/posts/{id}", """{"body":"New body"}""", ifMatch: "\"1\"");

            (await response.ShouldBeJsonAsync(HttpStatusCode.OK)).GetProperty("body").GetString().Should().Be("New body");
            response.ShouldHaveETag(2);
        }
    }

    [Fact]
    public async Task PATCH_post_with_a_stale_If_Match_is_412_conflict_and_changes_nothing()
    {
        var (client, id) = await AuthorWithPostAsync();
        using (client)
        {
            (await client.PatchAsync($"/posts/{id}", """{"title":"Second"}""", ifMatch: "\"1\"")).StatusCode.Should().Be(HttpStatusCode.OK);

            var response = await client.PatchAsync($"/posts/{id}", """{"title":"Third"}""", ifMatch: "\"1\"");

            await response.ShouldBeProblemAsync(HttpStatusCode.PreconditionFailed, "conflict");
            var post = await ReadAsync(id);
            post.GetProperty("title").GetString().Should().Be("Second");
            post.GetProperty("version").GetInt32().Should().Be(2);
        }
    }

    [Theory]
    [InlineData("W/\"1\"")]
    [InlineData("1")]
    [InlineData("\"one\"")]
    public async Task PATCH_post_with_a_malformed_If_Match_is_400(string ifMatch)
    {
        var (client, id) = await AuthorWithPostAsync();
        using (client)
        {
            var response = await client.PatchAsync($"/posts/{id}", """{"title":"New"}""", ifMatch: ifMatch);

            var problem = await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
            problem.Errors().Should().ContainKey("If-Match");
        }
    }

    [Fact]
    public async Task PATCH_post_by_another_user_is_403_and_by_an_admin_200()
    {
        var (client, id) = await AuthorWithPostAsync();
        client.Dispose();
        using var other = (await api.CreateUserAsync()).Client();
        using var admin = (await api.CreateUserAsync(admin: true)).Client();

        var forbidden = await other.PatchAsync($"/posts/{id}", """{"title":"Mine now"}""");
        var allowed = await admin.PatchAsync($"/posts/{id}", """{"title":"Moderated"}""");

        await forbidden.ShouldBeProblemAsync(HttpStatusCode.Forbidden, "forbidden");
        (await allowed.ShouldBeJsonAsync(HttpStatusCode.OK)).GetProperty("title").GetString().Should().Be("Moderated");
        allowed.ShouldHaveETag(2);
    }

    [Fact]
    public async Task PATCH_a_missing_post_is_404()
    {
        using var client = (await api.CreateUserAsync()).Client();

        var response = await client.PatchAsync($"/posts/{Missing}", """{"title":"New"}""");

        await response.ShouldBeProblemAsync(HttpStatusCode.NotFound, "not_found");
    }

    [Fact]
    public async Task PATCH_post_as_text_plain_is_415()
    {
        var (client, id) = await AuthorWithPostAsync();
        using (client)
        {
            var response = await client.PatchAsync($"/posts/{id}", """{"title":"New"}""", "text/plain");

            await response.ShouldBeProblemAsync(HttpStatusCode.UnsupportedMediaType, "unsupported_media_type");
        }
    }

    [Fact]
    public async Task PATCH_post_without_a_token_is_401()
    {
        var (client, id) = await AuthorWithPostAsync();
        client.Dispose();
        using var anonymous = api.CreateClient();

        var response = await anonymous.PatchAsync($"/posts/{id}", """{"title":"New"}""");

        await response.ShouldBeProblemAsync(HttpStatusCode.Unauthorized, "unauthenticated");
    }

    // ---- DELETE /posts/{id}

    [Fact]
    public async Task DELETE_post_is_204_and_the_post_and_its_comments_are_gone()
    {
        var (client, id) = await AuthorWithPostAsync();
        using (client)
        {
            var comment = await client.CreateCommentAsync(id);

            var response = await client.DeleteAsync($"/posts/{id}", Ct);

            response.StatusCode.Should().Be(HttpStatusCode.NoContent);
            (await response.Content.ReadAsStringAsync(Ct)).Should().BeEmpty();
            await (await client.GetAsync($"/posts/{id}", Ct)).ShouldBeProblemAsync(HttpStatusCode.NotFound, "not_found");
            await (await client.GetAsync($"/posts/{id}/comments", Ct)).ShouldBeProblemAsync(HttpStatusCode.NotFound, "not_found");
            await (await client.PatchAsync($"/comments/{comment.Id()}", """{"body":"x"}"""))
                .ShouldBeProblemAsync(HttpStatusCode.NotFound, "not_found");
        }
    }

    [Fact]
    public async Task DELETE_post_with_a_stale_If_Match_is_412_and_with_the_current_one_204()
    {
        var (client, id) = await AuthorWithPostAsync();
        using (client)
        {
            (await client.PatchAsync($"/posts/{id}", """{"title":"Second"}""")).StatusCode.Should().Be(HttpStatusCode.OK);

            var stale = await client.DeleteAsync($"/posts/{id}", ifMatch: "\"1\"");
            await stale.ShouldBeProblemAsync(HttpStatusCode.PreconditionFailed, "conflict");
            (await ReadAsync(id)).Id().Should().Be(id, "a failed precondition deletes nothing");

            var current = await client.DeleteAsync($"/posts/{id}", ifMatch: "\"2\"");
            current.StatusCode.Should().Be(HttpStatusCode.NoContent);
        }
    }

    [Fact]
    public async Task DELETE_post_with_a_malformed_If_Match_is_400()
    {
        var (client, id) = await AuthorWithPostAsync();
        using (client)
        {
            var response = await client.DeleteAsync($"/posts/{id}", ifMatch: "version-1");

            (await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest, "validation_failed")).Errors().Should().ContainKey("If-Match");
        }
    }

    [Fact]
    public async Task DELETE_post_by_another_user_is_403_and_by_an_admin_204()
    {
        var (client, id) = await AuthorWithPostAsync();
        client.Dispose();
        using var other = (await api.CreateUserAsync()).Client();
        using var admin = (await api.CreateUserAsync(admin: true)).Client();

        var forbidden = await other.DeleteAsync($"/posts/{id}", Ct);
        await forbidden.ShouldBeProblemAsync(HttpStatusCode.Forbidden, "forbidden");
        (await ReadAsync(id)).Id().Should().Be(id);

        (await admin.DeleteAsync($"/posts/{id}", Ct)).StatusCode.Should().Be(HttpStatusCode.NoContent);
    }

    [Fact]
    public async Task DELETE_a_missing_post_is_404()
    {
        using var client = (await api.CreateUserAsync()).Client();

        var response = await client.DeleteAsync($"/posts/{Missing}", Ct);

        await response.ShouldBeProblemAsync(HttpStatusCode.NotFound, "not_found");
    }

    [Fact]
    public async Task DELETE_post_without_a_token_is_401()
    {
        var (client, id) = await AuthorWithPostAsync();
        client.Dispose();
        using var anonymous = api.CreateClient();

        var response = await anonymous.DeleteAsync($"/posts/{id}", Ct);

        await response.ShouldBeProblemAsync(HttpStatusCode.Unauthorized, "unauthenticated");
    }
}
