namespace Posts.Application.Comments;

public sealed record CommentDto
{
    public long Id { get; init; }
    public long PostId { get; init; }
    public long AuthorId { get; init; }
    public required string Body { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset UpdatedAt { get; init; }
}
