using System.Text.Json;
using FluentAssertions;
using Posts.WebSockets.Tests.Support;

namespace Posts.WebSockets.Tests.Protocol;

/// <summary><c>posts.*</c>: success and every error each can give (unauthenticated, validation, forbidden, not found, conflict).</summary>
public sealed class PostMessagesTests(SocketHost host) : IClassFixture<SocketHost>
{
    private const long Missing = 9_000_000_000;

    [Theory]
    [InlineData("posts.index", "{}")]
    [InlineData("posts.show", "{\"id\": 1}")]
    [InlineData("posts.create", "{\"title\": \"t\", \"body\": \"b\"}")]
    [InlineData("posts.update", "{\"id\": 1, \"title\": \"t\"}")]
    [InlineData("posts.delete", "{\"id\": 1}")]
    public async Task Without_a_session_every_posts_message_is_unauthenticated(string type, string data)
    {
        await using var socket = await host.ConnectAsync();

        await socket.SendTextAsync($"{{\"type\": \"{type}\", \"data\": {data}}}");

        (await socket.ReceiveAsync()).ShouldFail(type, "unauthenticated");
    }

    [Fact]
    public async Task Posts_index_lists_newest_first_with_meta_and_cursor_pages()
    {
        await using var socket = await host.SignedInAsync();
        for (var i = 1; i <= 3; i++) await socket.CreatePostAsync($"Post {i}");
        var filter = new { author = socket.Username };

        var first = await socket.RequestAsync(new { type = "posts.index", data = new { limit = 2, filter } });
        var cursor = first.GetProperty("meta").GetProperty("nextCursor").GetString();
        var second = await socket.RequestAsync(new { type = "posts.index", data = new { limit = 2, cursor, filter } });

        first.ShouldBeOk("posts.index").Data().EnumerateArray().Select(p => p.GetProperty("title").GetString()).Should().Equal("Post 3", "Post 2");
        second.ShouldBeOk("posts.index").Data().EnumerateArray().Select(p => p.GetProperty("title").GetString()).Should().Equal("Post 1");
        second.GetProperty("meta").GetProperty("page").ValueKind.Should().Be(JsonValueKind.Null);
        second.GetProperty("meta").GetProperty("nextCursor").ValueKind.Should().Be(JsonValueKind.Null);
        second.GetProperty("meta").GetProperty("hasMore").GetBoolean().Should().BeFalse();
    }

    [Fact]
    public async Task Posts_index_embeds_author_and_comments_on_request()
    {
        await using var socket = await host.SignedInAsync();
        var post = await socket.CreatePostAsync();
        await socket.CreateCommentAsync(post.Id(), "Nice");

        var reply = await socket.RequestAsync(new { type = "posts.index", data = new { filter = new { author = socket.Username }, embed = new[] { "author", "comments" } } });

        var listed = reply.ShouldBeOk("posts.index").Data().EnumerateArray().Single();
        listed.GetProperty("author").GetProperty("username").GetString().Should().Be(socket.Username);
        listed.GetProperty("comments").EnumerateArray().Single().GetProperty("body").GetString().Should().Be("Nice");
        listed.GetProperty("commentCount").GetInt32().Should().Be(1);
    }

    [Theory]
    [InlineData("{\"filter\": {\"since\": \"yesterday\"}}", "filter.since")]
    [InlineData("{\"filter\": {\"until\": \"2014-13-45\"}}", "filter.until")]
    [InlineData("{\"filter\": {\"author\": \"Not A Username!\"}}", "filter.author")]
    [InlineData("{\"filter\": {\"q\": \"\"}}", "filter.q")]
    [InlineData("{\"limit\": 0}", "limit")]
    [InlineData("{\"limit\": 101}", "limit")]
    [InlineData("{\"page\": 0}", "page")]
    [InlineData("{\"page\": 1001, \"limit\": 10}", "page")]
    [InlineData("{\"cursor\": \"not-a-cursor\"}", "cursor")]
    [InlineData("{\"embed\": [\"author\", \"secrets\"]}", "embed")]
    [InlineData("{\"limit\": \"10\"}", "limit")]
    [InlineData("{\"limit\": 1.5}", "limit")]
    [InlineData("{\"page\": 1e400}", "page")]
    [InlineData("{\"embed\": \"author\"}", "embed")]
    [InlineData("{\"filter\": \"since\"}", "filter")]
    [InlineData("{\"filter\": {\"since\": 20141229}}", "filter.since")]
    [InlineData("{\"sort\": \"oldest\"}", "sort")]
    [InlineData("{\"filter\": {\"tag\": \"x\"}}", "filter.tag")]
    public async Task Posts_index_with_bad_input_is_validation_failed_on_the_field_path(string data, string field)
    {
        await using var socket = await host.SignedInAsync();

        await socket.SendTextAsync($"{{\"type\": \"posts.index\", \"data\": {data}}}");

        (await socket.ReceiveAsync()).ShouldFailValidation("posts.index", field);
    }

    [Theory]
    [InlineData("posts.show", "{}", "id")]
    [InlineData("posts.update", "{\"title\": \"x\"}", "id")]
    [InlineData("posts.delete", "{}", "id")]
    [InlineData("comments.index", "{}", "postId")]
    [InlineData("comments.create", "{\"body\": \"x\"}", "postId")]
    public async Task A_missing_id_is_validation_failed_not_not_found(string type, string data, string field)
    {
        await using var socket = await host.SignedInAsync();

        await socket.SendTextAsync($"{{\"type\": \"{type}\", \"data\": {data}}}");

        (await socket.ReceiveAsync()).ShouldFailValidation(type, field);
    }

    [Fact]
    public async Task Posts_index_with_page_and_cursor_together_is_validation_failed_on_cursor()
    {
        await using var socket = await host.SignedInAsync();
        await socket.CreatePostAsync();
        await socket.CreatePostAsync();
        var first = await socket.RequestAsync(new { type = "posts.index", data = new { limit = 1 } });
        var cursor = first.GetProperty("meta").GetProperty("nextCursor").GetString();

        var reply = await socket.RequestAsync(new { type = "posts.index", data = new { page = 2, cursor } });

        reply.ShouldFailValidation("posts.index", "cursor");
    }

    [Fact]
    public async Task Posts_show_returns_the_post_with_optional_embeds()
    {
        await using var socket = await host.SignedInAsync();
        var post = await socket.CreatePostAsync("Shown", "Its body");

        var bare = await socket.RequestAsync(new { type = "posts.show", data = new { id = post.Id() } });
        var embedded = await socket.RequestAsync(new { type = "posts.show", data = new { id = post.Id(), embed = new[] { "author" } } });

        bare.ShouldBeOk("posts.show").Data().Names().Should().BeEquivalentTo("id", "title", "body", "authorId", "createdAt", "updatedAt", "version", "commentCount");
        bare.Data().GetProperty("title").GetString().Should().Be("Shown");
        bare.Data().GetProperty("version").GetInt32().Should().Be(1);
        embedded.ShouldBeOk("posts.show").Data().GetProperty("author").GetProperty("username").GetString().Should().Be(socket.Username);
    }

    [Fact]
    public async Task Posts_show_of_a_missing_post_is_not_found()
    {
        await using var socket = await host.SignedInAsync();

        (await socket.RequestAsync(new { type = "posts.show", data = new { id = Missing } })).ShouldFail("posts.show", "not_found");
    }

    [Theory]
    [InlineData("{\"id\": \"12\"}", "id")]
    [InlineData("{\"id\": 1, \"embed\": [\"everything\"]}", "embed")]
    [InlineData("{\"id\": 99999999999999999999}", "id")]
    [InlineData("{\"id\": 1, \"fields\": [\"title\"]}", "fields")]
    public async Task Posts_show_with_bad_input_is_validation_failed(string data, string field)
    {
        await using var socket = await host.SignedInAsync();

        await socket.SendTextAsync($"{{\"type\": \"posts.show\", \"data\": {data}}}");

        (await socket.ReceiveAsync()).ShouldFailValidation("posts.show", field);
    }

    [Fact]
    public async Task Posts_create_returns_the_new_post_at_version_1()
    {
        await using var socket = await host.SignedInAsync();
        var me = (await socket.RequestAsync(new { type = "me.show" })).Data().Id();

        var reply = await socket.RequestAsync(new { type = "posts.create", data = new { title = "Hello", body = "World" } });

        var post = reply.ShouldBeOk("posts.create").Data();
        post.GetProperty("title").GetString().Should().Be("Hello");
        post.GetProperty("body").GetString().Should().Be("World");
        post.GetProperty("authorId").GetInt64().Should().Be(me);
        post.GetProperty("version").GetInt32().Should().Be(1);
        post.GetProperty("commentCount").GetInt32().Should().Be(0);
    }

    [Theory]
    [InlineData("{\"title\": \"\", \"body\": \"b\"}", new[] { "title" })]
    [InlineData("{\"title\": \"   \", \"body\": \"b\"}", new[] { "title" })]
    [InlineData("{\"title\": \"t\"}", new[] { "body" })]
    [InlineData("{}", new[] { "title", "body" })]
    [InlineData("{\"title\": null, \"body\": null}", new[] { "title", "body" })]
    [InlineData("{\"title\": 5, \"body\": \"b\"}", new[] { "title" })]
    [InlineData("{\"title\": \"t\", \"body\": \"b\", \"authorId\": 1}", new[] { "authorId" })]
    [InlineData("{\"title\": \"t\", \"body\": \"b\", \"version\": 3}", new[] { "version" })]
    public async Task Posts_create_with_bad_input_is_validation_failed_on_the_field(string data, string[] fields)
    {
        await using var socket = await host.SignedInAsync();

        await socket.SendTextAsync($"{{\"type\": \"posts.create\", \"data\": {data}}}");

        (await socket.ReceiveAsync()).ShouldFailValidation("posts.create", fields);
    }

    [Fact]
    public async Task Posts_create_refuses_a_title_over_200_characters()
    {
        await using var socket = await host.SignedInAsync();

        var reply = await socket.RequestAsync(new { type = "posts.create", data = new { title = new string('t', 201), body = "b" } });

        reply.ShouldFailValidation("posts.create", "title");
    }

    [Fact]
    public async Task Posts_update_changes_the_given_fields_and_bumps_the_version()
    {
        await using var socket = await host.SignedInAsync();
        var post = await socket.CreatePostAsync("Before", "Kept body");

        var reply = await socket.RequestAsync(new { type = "posts.update", data = new { id = post.Id(), title = "After", version = 1 } });

        var updated = reply.ShouldBeOk("posts.update").Data();
        updated.GetProperty("title").GetString().Should().Be("After");
        updated.GetProperty("body").GetString().Should().Be("Kept body");
        updated.GetProperty("version").GetInt32().Should().Be(2);
    }

    [Fact]
    public async Task Posts_update_with_a_null_title_is_validation_failed_and_absent_fields_stay_untouched()
    {
        await using var socket = await host.SignedInAsync();
        var post = await socket.CreatePostAsync("Title", "Body");

        await socket.SendTextAsync($"{{\"type\": \"posts.update\", \"data\": {{\"id\": {post.Id()}, \"title\": null}}}}");
        var nulled = await socket.ReceiveAsync();
        var bodyOnly = await socket.RequestAsync(new { type = "posts.update", data = new { id = post.Id(), body = "New body" } });

        nulled.ShouldFailValidation("posts.update", "title");
        var updated = bodyOnly.ShouldBeOk("posts.update").Data();
        updated.GetProperty("title").GetString().Should().Be("Title");
        updated.GetProperty("body").GetString().Should().Be("New body");
        updated.GetProperty("version").GetInt32().Should().Be(2, "the failed update changed nothing");
    }

    [Fact]
    public async Task Posts_update_with_only_the_id_changes_nothing()
    {
        await using var socket = await host.SignedInAsync();
        var post = await socket.CreatePostAsync("Title", "Body");

        var reply = await socket.RequestAsync(new { type = "posts.update", data = new { id = post.Id() } });

        var same = reply.ShouldBeOk("posts.update").Data();
        same.GetProperty("title").GetString().Should().Be("Title");
        same.GetProperty("version").GetInt32().Should().Be(1);
    }

    [Theory]
    [InlineData("{\"body\": null}", new[] { "body" })]
    [InlineData("{\"title\": \"\"}", new[] { "title" })]
    [InlineData("{\"title\": 1}", new[] { "title" })]
    [InlineData("{\"version\": 0}", new[] { "version" })]
    [InlineData("{\"version\": \"1\"}", new[] { "version" })]
    [InlineData("{\"authorId\": 2}", new[] { "authorId" })]
    [InlineData("{\"createdAt\": \"2020-01-01T00:00:00Z\"}", new[] { "createdAt" })]
    public async Task Posts_update_with_bad_input_is_validation_failed_on_the_field(string fields, string[] expected)
    {
        await using var socket = await host.SignedInAsync();
        var post = await socket.CreatePostAsync();

        await socket.SendTextAsync($"{{\"type\": \"posts.update\", \"data\": {{\"id\": {post.Id()}, {fields[1..]}}}");

        (await socket.ReceiveAsync()).ShouldFailValidation("posts.update", expected);
    }

    [Fact]
    public async Task Posts_update_with_a_stale_version_is_conflict_with_the_current_version()
    {
        await using var socket = await host.SignedInAsync();
        var post = await socket.CreatePostAsync();
        (await socket.RequestAsync(new { type = "posts.update", data = new { id = post.Id(), title = "Second" } })).ShouldBeOk("posts.update");

        var reply = await socket.RequestAsync(new { type = "posts.update", data = new { id = post.Id(), title = "Third", version = 1 } });
        var current = await socket.RequestAsync(new { type = "posts.show", data = new { id = post.Id() } });

        reply.ShouldFail("posts.update", "conflict");
        reply.GetProperty("error").GetProperty("details").GetProperty("currentVersion").GetInt32().Should().Be(2);
        current.Data().GetProperty("title").GetString().Should().Be("Second");
    }

    [Fact]
    public async Task Posts_update_of_someone_elses_post_is_forbidden_but_an_admin_may()
    {
        await using var author = await host.SignedInAsync();
        await using var stranger = await host.SignedInAsync();
        await using var admin = await host.SignedInAsync(admin: true);
        var post = await author.CreatePostAsync("Mine");

        var refused = await stranger.RequestAsync(new { type = "posts.update", data = new { id = post.Id(), title = "Theirs" } });
        var moderated = await admin.RequestAsync(new { type = "posts.update", data = new { id = post.Id(), title = "Moderated" } });

        refused.ShouldFail("posts.update", "forbidden");
        moderated.ShouldBeOk("posts.update").Data().GetProperty("title").GetString().Should().Be("Moderated");
    }

    [Fact]
    public async Task Posts_update_of_a_missing_post_is_not_found()
    {
        await using var socket = await host.SignedInAsync();

        (await socket.RequestAsync(new { type = "posts.update", data = new { id = Missing, title = "x" } })).ShouldFail("posts.update", "not_found");
    }

    [Fact]
    public async Task Posts_delete_removes_the_post()
    {
        await using var socket = await host.SignedInAsync();
        var post = await socket.CreatePostAsync();

        var reply = await socket.RequestAsync(new { type = "posts.delete", data = new { id = post.Id(), version = 1 } });
        var gone = await socket.RequestAsync(new { type = "posts.show", data = new { id = post.Id() } });

        reply.ShouldBeOk("posts.delete");
        reply.TryGetProperty("data", out _).Should().BeFalse();
        gone.ShouldFail("posts.show", "not_found");
    }

    [Fact]
    public async Task Posts_delete_with_a_stale_version_is_conflict_and_keeps_the_post()
    {
        await using var socket = await host.SignedInAsync();
        var post = await socket.CreatePostAsync();
        (await socket.RequestAsync(new { type = "posts.update", data = new { id = post.Id(), body = "Changed" } })).ShouldBeOk("posts.update");

        var reply = await socket.RequestAsync(new { type = "posts.delete", data = new { id = post.Id(), version = 1 } });
        var still = await socket.RequestAsync(new { type = "posts.show", data = new { id = post.Id() } });

        reply.ShouldFail("posts.delete", "conflict");
        still.ShouldBeOk("posts.show");
    }

    [Fact]
    public async Task Posts_delete_of_someone_elses_post_is_forbidden()
    {
        await using var author = await host.SignedInAsync();
        await using var stranger = await host.SignedInAsync();
        var post = await author.CreatePostAsync();

        var reply = await stranger.RequestAsync(new { type = "posts.delete", data = new { id = post.Id() } });
        var still = await author.RequestAsync(new { type = "posts.show", data = new { id = post.Id() } });

        reply.ShouldFail("posts.delete", "forbidden");
        still.ShouldBeOk("posts.show");
    }

    [Fact]
    public async Task Posts_delete_of_a_missing_post_is_not_found()
    {
        await using var socket = await host.SignedInAsync();

        (await socket.RequestAsync(new { type = "posts.delete", data = new { id = Missing } })).ShouldFail("posts.delete", "not_found");
    }

    [Theory]
    [InlineData("{\"id\": \"1\"}", "id")]
    [InlineData("{\"id\": 1, \"force\": true}", "force")]
    [InlineData("{\"id\": 1, \"version\": 1.5}", "version")]
    public async Task Posts_delete_with_bad_input_is_validation_failed(string data, string field)
    {
        await using var socket = await host.SignedInAsync();

        await socket.SendTextAsync($"{{\"type\": \"posts.delete\", \"data\": {data}}}");

        (await socket.ReceiveAsync()).ShouldFailValidation("posts.delete", field);
    }
}
