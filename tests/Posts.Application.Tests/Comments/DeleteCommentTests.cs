using FluentAssertions;
using Mediator;
using Posts.Application.Comments.DeleteComment;
using Posts.Application.Common.Results;
using Posts.Application.Tests.Support;
using Posts.Domain;

namespace Posts.Application.Tests.Comments;

public sealed class DeleteCommentTests(AppFixture app) : IClassFixture<AppFixture>
{
    [Fact]
    public async Task DeleteComment_removes_the_authors_comment_and_writes_a_comments_deleted_event()
    {
        var user = await app.CreateUserAsync();
        var post = await app.CreatePostAsync(user);
        var comment = await app.CommentAsync(user, post.Id);

        (await app.SendAsync<Unit>(new DeleteCommentCommand(comment.Id), user.Caller)).ShouldSucceed();

        (await app.StoredCommentAsync(comment.Id)).Should().BeNull();
        var e = (await app.CommentEventsAsync(comment.Id, EventTypes.CommentDeleted)).Should().ContainSingle().Subject;
        e.PostId.Should().Be(post.Id);
        var payload = CommentSteps.PayloadOf(e);
        payload.GetProperty("id").GetInt64().Should().Be(comment.Id);
        payload.GetProperty("postId").GetInt64().Should().Be(post.Id);
        payload.GetProperty("authorId").GetInt64().Should().Be(user.Id);
    }

    [Fact]
    public async Task DeleteComment_lets_an_admin_delete_another_users_comment()
    {
        var user = await app.CreateUserAsync();
        var admin = await app.CreateUserAsync(admin: true);
        var post = await app.CreatePostAsync(user);
        var comment = await app.CommentAsync(user, post.Id);

        (await app.SendAsync<Unit>(new DeleteCommentCommand(comment.Id), admin.Caller)).ShouldSucceed();

        (await app.StoredCommentAsync(comment.Id)).Should().BeNull();
        (await app.CommentEventsAsync(comment.Id, EventTypes.CommentDeleted)).Should().ContainSingle();
    }

    [Fact]
    public async Task DeleteComment_returns_forbidden_when_caller_is_not_the_author()
    {
        var user = await app.CreateUserAsync();
        var other = await app.CreateUserAsync();
        var post = await app.CreatePostAsync(other);
        var comment = await app.CommentAsync(user, post.Id);

        // Owning the post does not make one the comment's author.
        (await app.SendAsync<Unit>(new DeleteCommentCommand(comment.Id), other.Caller)).ShouldFailWith(ErrorCodes.Forbidden);

        (await app.StoredCommentAsync(comment.Id)).Should().NotBeNull();
        (await app.CommentEventsAsync(comment.Id, EventTypes.CommentDeleted)).Should().BeEmpty();
    }

    [Fact]
    public async Task DeleteComment_returns_not_found_for_a_missing_comment()
    {
        var user = await app.CreateUserAsync();

        (await app.SendAsync<Unit>(new DeleteCommentCommand(long.MaxValue), user.Caller)).ShouldFailWith(ErrorCodes.NotFound);
    }

    [Fact]
    public async Task DeleteComment_returns_not_found_for_a_comment_already_deleted()
    {
        var user = await app.CreateUserAsync();
        var post = await app.CreatePostAsync(user);
        var comment = await app.CommentAsync(user, post.Id);
        (await app.SendAsync<Unit>(new DeleteCommentCommand(comment.Id), user.Caller)).ShouldSucceed();

        (await app.SendAsync<Unit>(new DeleteCommentCommand(comment.Id), user.Caller)).ShouldFailWith(ErrorCodes.NotFound);

        (await app.CommentEventsAsync(comment.Id, EventTypes.CommentDeleted)).Should().ContainSingle();
    }
}
