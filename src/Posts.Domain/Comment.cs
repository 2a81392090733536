namespace Posts.Domain;

public sealed class Comment
{
    public const int BodyMaxLength = 5_000;

    private Comment(long postId, long authorId, string body, DateTimeOffset createdAt)
    {
        PostId = postId;
        AuthorId = authorId;
        Body = body;
        CreatedAt = createdAt;
        UpdatedAt = createdAt;
    }

    public long Id { get; private set; }
    public long PostId { get; private set; }
    public long AuthorId { get; private set; }
    public string Body { get; private set; }
    public DateTimeOffset CreatedAt { get; private set; }
    public DateTimeOffset UpdatedAt { get; private set; }

    public static Comment Create(long postId, long authorId, string body, DateTimeOffset now)
    {
        EnsureBody(body);
        return new Comment(postId, authorId, body, now);
    }

    public static bool IsValidBody(string? body) => body is { Length: >= 1 and <= BodyMaxLength } && !string.IsNullOrWhiteSpace(body);

    /// <returns>Whether the body changed.</returns>
    public bool Update(string body, DateTimeOffset now)
    {
        EnsureBody(body);
        if (body == Body) return false;
        Body = body;
        UpdatedAt = now;
        return true;
    }

    public bool IsAuthoredBy(long userId) => AuthorId == userId;

    private static void EnsureBody(string body)
    {
        if (!IsValidBody(body)) throw new ArgumentException($"Body must be 1-{BodyMaxLength} characters.", nameof(body));
    }
}
