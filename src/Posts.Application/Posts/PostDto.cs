using System.Text.Json.Serialization;
using Posts.Application.Comments;
using Posts.Application.Users;

namespace Posts.Application.Posts;

/// <summary>A post on the wire. <see cref="Author"/> and <see cref="Comments"/> are filled only when embedded.</summary>
public sealed record PostDto
{
    public long Id { get; init; }
    public required string Title { get; init; }
    public required string Body { get; init; }
    public long AuthorId { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset UpdatedAt { get; init; }
    public int Version { get; init; }
    public int CommentCount { get; init; }

    /// <summary>Only with <c>embed=author</c>: absent from the JSON otherwise.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public UserDto? Author { get; init; }

    /// <summary>Only with <c>embed=comments</c> (the 20 newest, oldest first): absent from the JSON otherwise.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<CommentDto>? Comments { get; init; }
}

/// <summary>What <c>posts.index</c> and <c>posts.show</c> may embed.</summary>
public static class PostEmbeds
{
    public const string Author = "author";
    public const string Comments = "comments";
    public const int EmbeddedComments = 20;

    public static readonly IReadOnlySet<string> All = new HashSet<string>(StringComparer.Ordinal) { Author, Comments };
}
