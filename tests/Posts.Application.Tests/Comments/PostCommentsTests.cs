using FluentAssertions;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Posts.Application.Comments;
using Posts.Application.Comments.DeleteComment;
using Posts.Application.Comments.ListComments;
using Posts.Application.Common.Paging;
using Posts.Application.Common.Results;
using Posts.Application.Posts;
using Posts.Application.Posts.DeletePost;
using Posts.Application.Posts.GetPost;
using Posts.Application.Tests.Support;

namespace Posts.Application.Tests.Comments;

/// <summary>How comments and their post go together: the post's count of them, and deleting the post.</summary>
public sealed class PostCommentsTests(AppFixture app) : IClassFixture<AppFixture>
{
    [Fact]
    public async Task GetPost_counts_the_posts_comments()
    {
        var user = await app.CreateUserAsync();
        var other = await app.CreateUserAsync();
        var post = await app.CreatePostAsync(user);
        var elsewhere = await app.CreatePostAsync(user);
        await app.CommentAsync(user, post.Id);
        await app.CommentAsync(other, post.Id);
        var third = await app.CommentAsync(other, post.Id);
        await app.CommentAsync(other, elsewhere.Id);

        (await app.SendAsync<PostDto>(new GetPostQuery(post.Id), user.Caller)).ShouldSucceed().CommentCount.Should().Be(3);

        (await app.SendAsync<Unit>(new DeleteCommentCommand(third.Id), other.Caller)).ShouldSucceed();
        (await app.SendAsync<PostDto>(new GetPostQuery(post.Id), user.Caller)).ShouldSucceed().CommentCount.Should().Be(2);
    }

    [Fact]
    public async Task A_new_comment_does_not_change_the_posts_version()
    {
        var user = await app.CreateUserAsync();
        var post = await app.CreatePostAsync(user);

        await app.CommentAsync(user, post.Id);

        (await app.SendAsync<PostDto>(new GetPostQuery(post.Id), user.Caller)).ShouldSucceed().Version.Should().Be(post.Version);
    }

    [Fact]
    public async Task DeletePost_deletes_the_posts_comments()
    {
        var user = await app.CreateUserAsync();
        var other = await app.CreateUserAsync();
        var post = await app.CreatePostAsync(user);
        var kept = await app.CreatePostAsync(user);
        await app.CommentAsync(user, post.Id);
        await app.CommentAsync(other, post.Id);
        var survivor = await app.CommentAsync(other, kept.Id);

        (await app.SendAsync<Unit>(new DeletePostCommand(post.Id), user.Caller)).ShouldSucceed();

        (await app.QueryAsync(db => db.Comments.CountAsync(c => c.PostId == post.Id))).Should().Be(0);
        (await app.StoredCommentAsync(survivor.Id)).Should().NotBeNull();
        (await app.SendAsync<Page<CommentDto>>(new ListCommentsQuery(post.Id), user.Caller)).ShouldFailWith(ErrorCodes.NotFound);
    }
}
