using FluentAssertions;
using Posts.Application.Comments;
using Posts.Application.Comments.UpdateComment;
using Posts.Application.Common.Json;
using Posts.Application.Common.Results;
using Posts.Application.Tests.Support;
using Posts.Domain;

namespace Posts.Application.Tests.Comments;

public sealed class UpdateCommentTests(AppFixture app) : IClassFixture<AppFixture>
{
    [Fact]
    public async Task UpdateComment_changes_the_body_for_the_author_and_writes_a_comments_updated_event()
    {
        var user = await app.CreateUserAsync();
        var post = await app.CreatePostAsync(user);
        var comment = await app.CommentAsync(user, post.Id, "before");
        app.Clock.Advance(TimeSpan.FromMinutes(3));

        var updated = (await app.SendAsync<CommentDto>(new UpdateCommentCommand(comment.Id, "after"), user.Caller)).ShouldSucceed();

        updated.Body.Should().Be("after");
        updated.UpdatedAt.Should().BeCloseTo(app.Clock.GetUtcNow(), TimeSpan.FromMicroseconds(1));
        updated.CreatedAt.Should().Be(comment.CreatedAt);
        (await app.StoredCommentAsync(comment.Id))!.Body.Should().Be("after");
        var e = (await app.CommentEventsAsync(comment.Id, EventTypes.CommentUpdated)).Should().ContainSingle().Subject;
        e.PostId.Should().Be(post.Id);
        var payload = CommentSteps.PayloadOf(e);
        payload.GetProperty("id").GetInt64().Should().Be(comment.Id);
        payload.GetProperty("postId").GetInt64().Should().Be(post.Id);
        payload.GetProperty("body").GetString().Should().Be("after");
    }

    [Fact]
    public async Task UpdateComment_lets_an_admin_change_another_users_comment()
    {
        var user = await app.CreateUserAsync();
        var admin = await app.CreateUserAsync(admin: true);
        var post = await app.CreatePostAsync(user);
        var comment = await app.CommentAsync(user, post.Id, "rude words");

        var updated = (await app.SendAsync<CommentDto>(new UpdateCommentCommand(comment.Id, "[moderated]"), admin.Caller)).ShouldSucceed();

        updated.Body.Should().Be("[moderated]");
        updated.AuthorId.Should().Be(user.Id, "moderation does not change the author");
        (await app.StoredCommentAsync(comment.Id))!.Body.Should().Be("[moderated]");
    }

    [Fact]
    public async Task UpdateComment_returns_forbidden_when_caller_is_not_the_author()
    {
        var user = await app.CreateUserAsync();
        var other = await app.CreateUserAsync();
        var post = await app.CreatePostAsync(other);
        var comment = await app.CommentAsync(user, post.Id, "mine");

        (await app.SendAsync<CommentDto>(new UpdateCommentCommand(comment.Id, "hijacked"), other.Caller)).ShouldFailWith(ErrorCodes.Forbidden);

        (await app.StoredCommentAsync(comment.Id))!.Body.Should().Be("mine");
        (await app.CommentEventsAsync(comment.Id, EventTypes.CommentUpdated)).Should().BeEmpty();
    }

    [Fact]
    public async Task UpdateComment_leaves_the_comment_unchanged_without_an_event_when_body_is_absent()
    {
        var user = await app.CreateUserAsync();
        var post = await app.CreatePostAsync(user);
        var comment = await app.CommentAsync(user, post.Id, "stays");
        app.Clock.Advance(TimeSpan.FromMinutes(1));

        var result = (await app.SendAsync<CommentDto>(new UpdateCommentCommand(comment.Id), user.Caller)).ShouldSucceed();

        result.Body.Should().Be("stays");
        result.UpdatedAt.Should().Be(comment.UpdatedAt);
        (await app.CommentEventsAsync(comment.Id, EventTypes.CommentUpdated)).Should().BeEmpty();
    }

    [Fact]
    public async Task UpdateComment_writes_no_event_when_the_body_is_the_same()
    {
        var user = await app.CreateUserAsync();
        var post = await app.CreatePostAsync(user);
        var comment = await app.CommentAsync(user, post.Id, "same");

        (await app.SendAsync<CommentDto>(new UpdateCommentCommand(comment.Id, "same"), user.Caller)).ShouldSucceed().Body.Should().Be("same");

        (await app.CommentEventsAsync(comment.Id, EventTypes.CommentUpdated)).Should().BeEmpty();
    }

    [Fact]
    public async Task UpdateComment_fails_validation_on_body_when_it_is_null()
    {
        var user = await app.CreateUserAsync();
        var post = await app.CreatePostAsync(user);
        var comment = await app.CommentAsync(user, post.Id, "keep me");

        (await app.SendAsync<CommentDto>(new UpdateCommentCommand(comment.Id, Optional.Of<string?>(null)), user.Caller))
            .ShouldFailValidationOn("body");

        (await app.StoredCommentAsync(comment.Id))!.Body.Should().Be("keep me");
    }

    [Fact]
    public async Task UpdateComment_fails_validation_on_body_of_5001_characters()
    {
        var user = await app.CreateUserAsync();
        var post = await app.CreatePostAsync(user);
        var comment = await app.CommentAsync(user, post.Id);

        (await app.SendAsync<CommentDto>(new UpdateCommentCommand(comment.Id, new string('y', 5001)), user.Caller))
            .ShouldFailValidationOn("body");
    }

    [Fact]
    public async Task UpdateComment_returns_not_found_for_a_missing_comment()
    {
        var user = await app.CreateUserAsync();

        (await app.SendAsync<CommentDto>(new UpdateCommentCommand(long.MaxValue, "anything"), user.Caller)).ShouldFailWith(ErrorCodes.NotFound);
    }
}
