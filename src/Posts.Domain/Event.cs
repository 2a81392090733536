namespace Posts.Domain;

/// <summary>
/// An append-only record of a change, written in the same transaction as the change. The payload
/// is the JSON the live-event fan-out delivers, so a deleted post's event still says which post.
/// </summary>
public sealed class Event
{
    private Event(string type, long? postId, long? commentId, long? userId, string payload, DateTimeOffset createdAt)
    {
        Type = type;
        PostId = postId;
        CommentId = commentId;
        UserId = userId;
        Payload = payload;
        CreatedAt = createdAt;
    }

    public long Id { get; private set; }
    public string Type { get; private set; }
    public long? PostId { get; private set; }
    public long? CommentId { get; private set; }

    /// <summary>The user the event concerns: a post's or comment's author, or the user whose session ends.</summary>
    public long? UserId { get; private set; }

    public string Payload { get; private set; }
    public DateTimeOffset CreatedAt { get; private set; }

    public static Event PostCreated(Post post, string payload, DateTimeOffset now) => new(EventTypes.PostCreated, post.Id, null, post.AuthorId, payload, now);
    public static Event PostUpdated(Post post, string payload, DateTimeOffset now) => new(EventTypes.PostUpdated, post.Id, null, post.AuthorId, payload, now);
    public static Event PostDeleted(Post post, string payload, DateTimeOffset now) => new(EventTypes.PostDeleted, post.Id, null, post.AuthorId, payload, now);
    public static Event CommentCreated(Comment comment, string payload, DateTimeOffset now) => new(EventTypes.CommentCreated, comment.PostId, comment.Id, comment.AuthorId, payload, now);
    public static Event CommentUpdated(Comment comment, string payload, DateTimeOffset now) => new(EventTypes.CommentUpdated, comment.PostId, comment.Id, comment.AuthorId, payload, now);
    public static Event CommentDeleted(Comment comment, string payload, DateTimeOffset now) => new(EventTypes.CommentDeleted, comment.PostId, comment.Id, comment.AuthorId, payload, now);
    public static Event TokensRevoked(long? userId, string payload, DateTimeOffset now) => new(EventTypes.TokensRevoked, null, null, userId, payload, now);
    public static Event UserDisabled(long userId, string payload, DateTimeOffset now) => new(EventTypes.UserDisabled, null, null, userId, payload, now);

    /// <summary>One summary of a bulk write (seed or import) instead of one event per row.</summary>
    public static Event PostsImported(string payload, DateTimeOffset now) => new(EventTypes.PostsImported, null, null, null, payload, now);
}

public static class EventTypes
{
    public const string PostCreated = "posts.created";
    public const string PostUpdated = "posts.updated";
    public const string PostDeleted = "posts.deleted";
    public const string CommentCreated = "comments.created";
    public const string CommentUpdated = "comments.updated";
    public const string CommentDeleted = "comments.deleted";
    public const string TokensRevoked = "tokens.revoked";
    public const string UserDisabled = "users.disabled";
    public const string PostsImported = "posts.imported";
}
