using System.Text.Json.Serialization;
using Posts.Domain;

namespace Posts.Application.Db;

/// <summary>
/// A row as exported and imported, every column. In an export file (JSON Lines) each row is one line that starts
/// with its <c>kind</c>: <c>{"kind":"post","id":1,...}</c>.
/// </summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "kind")]
[JsonDerivedType(typeof(UserRow), "user")]
[JsonDerivedType(typeof(PostRow), "post")]
[JsonDerivedType(typeof(CommentRow), "comment")]
public abstract record BulkRow([property: JsonPropertyOrder(-1)] long Id);

/// <summary>A user. <see cref="PasswordHash"/> is null unless secrets were asked for, or the user has no password.</summary>
public sealed record UserRow(long Id, string Username, string DisplayName, bool IsAdmin, bool IsDisabled, DateTimeOffset CreatedAt,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? PasswordHash = null) : BulkRow(Id);

public sealed record PostRow(long Id, long AuthorId, string Title, string Body, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, int Version)
    : BulkRow(Id);

public sealed record CommentRow(long Id, long PostId, long AuthorId, string Body, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt)
    : BulkRow(Id);

/// <summary>Rows of the three tables, written in one transaction (users, then posts, then comments).</summary>
public sealed record BulkRows(IReadOnlyList<UserRow> Users, IReadOnlyList<PostRow> Posts, IReadOnlyList<CommentRow> Comments)
{
    /// <summary>Bounds one batch's memory and transaction.</summary>
    public const int MaxRows = 50_000;

    public int Count => Users.Count + Posts.Count + Comments.Count;
}

/// <summary>How many rows of each table one bulk write wrote.</summary>
public sealed record BulkCounts(int Users, int Posts, int Comments);

/// <summary>
/// The payload of <c>posts.imported</c>: the one event a batch of seeded or imported rows writes instead of one
/// per row. A subscriber re-reads with <c>posts.index</c>.
/// </summary>
public sealed record PostsImportedPayload(string Source, int Users, int Posts, int Comments, long? FirstPostId, long? LastPostId)
{
    internal static PostsImportedPayload Of(string source, BulkCounts written, IReadOnlyList<PostRow> posts) =>
        new(source, written.Users, written.Posts, written.Comments,
            posts.Count == 0 ? null : posts.Min(p => p.Id), posts.Count == 0 ? null : posts.Max(p => p.Id));

    internal Event ToEvent(DateTimeOffset now) => Event.PostsImported(Common.Events.EventPayload.Of(this), now);
}
