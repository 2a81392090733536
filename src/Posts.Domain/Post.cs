namespace Posts.Domain;

public sealed class Post
{
    public const int TitleMaxLength = 200;
    public const int BodyMaxLength = 20_000;

    private readonly List<Comment> _comments = [];

    private Post(long authorId, string title, string body, DateTimeOffset createdAt)
    {
        AuthorId = authorId;
        Title = title;
        Body = body;
        CreatedAt = createdAt;
        UpdatedAt = createdAt;
        Version = 1;
    }

    public long Id { get; private set; }
    public long AuthorId { get; private set; }
    public string Title { get; private set; }
    public string Body { get; private set; }
    public DateTimeOffset CreatedAt { get; private set; }
    public DateTimeOffset UpdatedAt { get; private set; }

    /// <summary>Starts at 1 and grows by one on each update of the post's own fields; also its concurrency token.</summary>
    public int Version { get; private set; }

    public IReadOnlyCollection<Comment> Comments => _comments;

    public static Post Create(long authorId, string title, string body, DateTimeOffset now)
    {
        EnsureTitle(title);
        EnsureBody(body);
        return new Post(authorId, title, body, now);
    }

    public static bool IsValidTitle(string? title) => title is { Length: >= 1 and <= TitleMaxLength } && !string.IsNullOrWhiteSpace(title);

    public static bool IsValidBody(string? body) => body is { Length: >= 1 and <= BodyMaxLength } && !string.IsNullOrWhiteSpace(body);

    /// <summary>Applies the given fields (null = leave unchanged).</summary>
    /// <returns>Whether anything changed; only a change bumps <see cref="Version"/>.</returns>
    public bool Update(string? title, string? body, DateTimeOffset now)
    {
        if (title is not null) EnsureTitle(title);
        if (body is not null) EnsureBody(body);
        var changed = (title is not null && title != Title) || (body is not null && body != Body);
        if (!changed) return false;
        Title = title ?? Title;
        Body = body ?? Body;
        UpdatedAt = now;
        Version++;
        return true;
    }

    public bool IsAuthoredBy(long userId) => AuthorId == userId;

    private static void EnsureTitle(string title)
    {
        if (!IsValidTitle(title)) throw new ArgumentException($"Title must be 1-{TitleMaxLength} characters.", nameof(title));
    }

    private static void EnsureBody(string body)
    {
        if (!IsValidBody(body)) throw new ArgumentException($"Body must be 1-{BodyMaxLength} characters.", nameof(body));
    }
}
