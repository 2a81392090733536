using FluentValidation;
using Posts.Application.Common.Paging;
using Posts.Domain;

namespace Posts.Application.Comments;

internal static class CommentRules
{
    /// <summary>Oldest first: created-at asc, id asc.</summary>
    public static readonly KeysetOrder<Comment, CommentDto> OldestFirst = new(
        q => q.OrderBy(c => c.CreatedAt).ThenBy(c => c.Id),
        (q, k) => q.Where(c => c.CreatedAt > k.At || (c.CreatedAt == k.At && c.Id > k.Id)),
        c => new Cursor(c.CreatedAt, c.Id));

    public static IRuleBuilderOptions<T, string?> ValidCommentBody<T>(this IRuleBuilder<T, string?> rule) =>
        rule.Must(Comment.IsValidBody).WithMessage($"Must be 1-{Comment.BodyMaxLength} characters, not only white space.");
}

/// <summary>The payload of <c>comments.deleted</c>.</summary>
public sealed record CommentDeletedPayload(long Id, long PostId, long AuthorId);
