using FluentAssertions;
using Posts.WebSockets.Tests.Support;

namespace Posts.WebSockets.Tests.Protocol;

/// <summary><c>comments.*</c>: success and every error each can give.</summary>
public sealed class CommentMessagesTests(SocketHost host) : IClassFixture<SocketHost>
{
    private const long Missing = 9_000_000_000;

    [Theory]
    [InlineData("comments.index", "{\"postId\": 1}")]
    [InlineData("comments.create", "{\"postId\": 1, \"body\": \"b\"}")]
    [InlineData("comments.update", "{\"id\": 1, \"body\": \"b\"}")]
    [InlineData("comments.delete", "{\"id\": 1}")]
    public async Task Without_a_session_every_comments_message_is_unauthenticated(string type, string data)
    {
        await using var socket = await host.ConnectAsync();

        await socket.SendTextAsync($"{{\"type\": \"{type}\", \"data\": {data}}}");

        (await socket.ReceiveAsync()).ShouldFail(type, "unauthenticated");
    }

    [Fact]
    public async Task Comments_index_lists_oldest_first_as_a_page()
    {
        await using var socket = await host.SignedInAsync();
        var post = await socket.CreatePostAsync();
        for (var i = 1; i <= 3; i++) await socket.CreateCommentAsync(post.Id(), $"Comment {i}");

        var reply = await socket.RequestAsync(new { type = "comments.index", data = new { postId = post.Id(), limit = 2 } });

        reply.ShouldBeOk("comments.index").Data().EnumerateArray().Select(c => c.GetProperty("body").GetString()).Should().Equal("Comment 1", "Comment 2");
        var meta = reply.GetProperty("meta");
        meta.GetProperty("total").GetInt64().Should().Be(3);
        meta.GetProperty("hasMore").GetBoolean().Should().BeTrue();
        meta.GetProperty("limit").GetInt32().Should().Be(2);
    }

    [Fact]
    public async Task Comments_index_of_a_missing_post_is_not_found()
    {
        await using var socket = await host.SignedInAsync();

        (await socket.RequestAsync(new { type = "comments.index", data = new { postId = Missing } })).ShouldFail("comments.index", "not_found");
    }

    [Theory]
    [InlineData("{\"postId\": 1, \"limit\": 0}", "limit")]
    [InlineData("{\"postId\": 1, \"page\": -1}", "page")]
    [InlineData("{\"postId\": 1, \"cursor\": \"zzz\"}", "cursor")]
    [InlineData("{\"postId\": \"one\"}", "postId")]
    [InlineData("{\"postId\": 1, \"order\": \"desc\"}", "order")]
    public async Task Comments_index_with_bad_input_is_validation_failed(string data, string field)
    {
        await using var socket = await host.SignedInAsync();

        await socket.SendTextAsync($"{{\"type\": \"comments.index\", \"data\": {data}}}");

        (await socket.ReceiveAsync()).ShouldFailValidation("comments.index", field);
    }

    [Fact]
    public async Task Comments_create_returns_the_comment_and_counts_it_on_the_post_without_changing_its_version()
    {
        await using var socket = await host.SignedInAsync();
        var post = await socket.CreatePostAsync();

        var reply = await socket.RequestAsync(new { type = "comments.create", data = new { postId = post.Id(), body = "First!" } });
        var shown = await socket.RequestAsync(new { type = "posts.show", data = new { id = post.Id() } });

        var comment = reply.ShouldBeOk("comments.create").Data();
        comment.Names().Should().BeEquivalentTo("id", "postId", "authorId", "body", "createdAt", "updatedAt");
        comment.GetProperty("postId").GetInt64().Should().Be(post.Id());
        comment.GetProperty("body").GetString().Should().Be("First!");
        shown.Data().GetProperty("commentCount").GetInt32().Should().Be(1);
        shown.Data().GetProperty("version").GetInt32().Should().Be(1);
    }

    [Fact]
    public async Task Comments_create_on_a_missing_post_is_not_found()
    {
        await using var socket = await host.SignedInAsync();

        (await socket.RequestAsync(new { type = "comments.create", data = new { postId = Missing, body = "Hello?" } })).ShouldFail("comments.create", "not_found");
    }

    [Theory]
    [InlineData("{\"postId\": 1, \"body\": \"\"}", new[] { "body" })]
    [InlineData("{\"postId\": 1}", new[] { "body" })]
    [InlineData("{\"postId\": 1, \"body\": false}", new[] { "body" })]
    [InlineData("{\"postId\": 1, \"body\": \"b\", \"authorId\": 3}", new[] { "authorId" })]
    public async Task Comments_create_with_bad_input_is_validation_failed(string data, string[] fields)
    {
        await using var socket = await host.SignedInAsync();

        await socket.SendTextAsync($"{{\"type\": \"comments.create\", \"data\": {data}}}");

        (await socket.ReceiveAsync()).ShouldFailValidation("comments.create", fields);
    }

    [Fact]
    public async Task Comments_create_refuses_a_body_over_5000_characters()
    {
        await using var socket = await host.SignedInAsync();
        var post = await socket.CreatePostAsync();

        var reply = await socket.RequestAsync(new { type = "comments.create", data = new { postId = post.Id(), body = new string('b', 5001) } });

        reply.ShouldFailValidation("comments.create", "body");
    }

    [Fact]
    public async Task Comments_update_changes_the_body()
    {
        await using var socket = await host.SignedInAsync();
        var post = await socket.CreatePostAsync();
        var comment = await socket.CreateCommentAsync(post.Id(), "Before");

        var reply = await socket.RequestAsync(new { type = "comments.update", data = new { id = comment.Id(), body = "After" } });

        reply.ShouldBeOk("comments.update").Data().GetProperty("body").GetString().Should().Be("After");
    }

    [Fact]
    public async Task Comments_update_with_a_null_body_is_validation_failed_and_an_absent_body_changes_nothing()
    {
        await using var socket = await host.SignedInAsync();
        var post = await socket.CreatePostAsync();
        var comment = await socket.CreateCommentAsync(post.Id(), "Kept");

        await socket.SendTextAsync($"{{\"type\": \"comments.update\", \"data\": {{\"id\": {comment.Id()}, \"body\": null}}}}");
        var nulled = await socket.ReceiveAsync();
        var absent = await socket.RequestAsync(new { type = "comments.update", data = new { id = comment.Id() } });

        nulled.ShouldFailValidation("comments.update", "body");
        absent.ShouldBeOk("comments.update").Data().GetProperty("body").GetString().Should().Be("Kept");
    }

    [Fact]
    public async Task Comments_update_of_someone_elses_comment_is_forbidden_but_an_admin_may()
    {
        await using var author = await host.SignedInAsync();
        await using var stranger = await host.SignedInAsync();
        await using var admin = await host.SignedInAsync(admin: true);
        var post = await author.CreatePostAsync();
        var comment = await author.CreateCommentAsync(post.Id(), "Mine");

        var refused = await stranger.RequestAsync(new { type = "comments.update", data = new { id = comment.Id(), body = "Theirs" } });
        var moderated = await admin.RequestAsync(new { type = "comments.update", data = new { id = comment.Id(), body = "Moderated" } });

        refused.ShouldFail("comments.update", "forbidden");
        moderated.ShouldBeOk("comments.update").Data().GetProperty("body").GetString().Should().Be("Moderated");
    }

    [Fact]
    public async Task Comments_update_of_a_missing_comment_is_not_found()
    {
        await using var socket = await host.SignedInAsync();

        (await socket.RequestAsync(new { type = "comments.update", data = new { id = Missing, body = "x" } })).ShouldFail("comments.update", "not_found");
    }

    [Theory]
    [InlineData("{\"id\": 1, \"body\": \"\"}", "body")]
    [InlineData("{\"id\": 1, \"body\": [\"x\"]}", "body")]
    [InlineData("{\"id\": 1, \"postId\": 2}", "postId")]
    public async Task Comments_update_with_bad_input_is_validation_failed(string data, string field)
    {
        await using var socket = await host.SignedInAsync();

        await socket.SendTextAsync($"{{\"type\": \"comments.update\", \"data\": {data}}}");

        (await socket.ReceiveAsync()).ShouldFailValidation("comments.update", field);
    }

    [Fact]
    public async Task Comments_delete_removes_the_comment()
    {
        await using var socket = await host.SignedInAsync();
        var post = await socket.CreatePostAsync();
        var comment = await socket.CreateCommentAsync(post.Id());

        var reply = await socket.RequestAsync(new { type = "comments.delete", data = new { id = comment.Id() } });
        var listed = await socket.RequestAsync(new { type = "comments.index", data = new { postId = post.Id() } });

        reply.ShouldBeOk("comments.delete");
        reply.Names().Should().BeEquivalentTo("type", "status");
        listed.Data().EnumerateArray().Should().BeEmpty();
    }

    [Fact]
    public async Task Comments_delete_of_someone_elses_comment_is_forbidden()
    {
        await using var author = await host.SignedInAsync();
        await using var stranger = await host.SignedInAsync();
        var post = await author.CreatePostAsync();
        var comment = await author.CreateCommentAsync(post.Id());

        var reply = await stranger.RequestAsync(new { type = "comments.delete", data = new { id = comment.Id() } });
        var listed = await author.RequestAsync(new { type = "comments.index", data = new { postId = post.Id() } });

        reply.ShouldFail("comments.delete", "forbidden");
        listed.Data().EnumerateArray().Should().ContainSingle();
    }

    [Fact]
    public async Task Comments_delete_of_a_missing_comment_is_not_found()
    {
        await using var socket = await host.SignedInAsync();

        (await socket.RequestAsync(new { type = "comments.delete", data = new { id = Missing } })).ShouldFail("comments.delete", "not_found");
    }

    [Fact]
    public async Task Comments_delete_rejects_unknown_fields()
    {
        await using var socket = await host.SignedInAsync();

        (await socket.RequestAsync(new { type = "comments.delete", data = new { id = 1, reason = "spam" } })).ShouldFailValidation("comments.delete", "reason");
    }
}
