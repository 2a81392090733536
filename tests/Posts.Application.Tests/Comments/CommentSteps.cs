using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Posts.Application.Comments;
using Posts.Application.Comments.CreateComment;
using Posts.Application.Posts;
using Posts.Application.Posts.CreatePost;
using Posts.Application.Tests.Support;
using Posts.Domain;

namespace Posts.Application.Tests.Comments;

/// <summary>The steps the comment tests share: a post to comment on, a comment, and the events a comment left.</summary>
internal static class CommentSteps
{
    public static async Task<PostDto> CreatePostAsync(this AppFixture app, TestUser author) =>
        (await app.SendAsync<PostDto>(new CreatePostCommand("A post to comment on", "Its body."), author.Caller)).ShouldSucceed();

    public static async Task<CommentDto> CommentAsync(this AppFixture app, TestUser author, long postId, string body = "A comment.") =>
        (await app.SendAsync<CommentDto>(new CreateCommentCommand(postId, body), author.Caller)).ShouldSucceed();

    public static Task<List<Event>> CommentEventsAsync(this AppFixture app, long commentId, string type) =>
        app.QueryAsync(db => db.Events.AsNoTracking().Where(e => e.CommentId == commentId && e.Type == type).OrderBy(e => e.Id).ToListAsync());

    public static Task<Comment?> StoredCommentAsync(this AppFixture app, long commentId) =>
        app.QueryAsync(db => db.Comments.AsNoTracking().FirstOrDefaultAsync(c => c.Id == commentId));

    public static JsonElement PayloadOf(Event e)
    {
        using var document = JsonDocument.Parse(e.Payload);
        return document.RootElement.Clone();
    }
}
