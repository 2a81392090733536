using FluentValidation;
using Mapster;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Posts.Application.Common.Abstractions;
using Posts.Application.Common.Behaviours;
using Posts.Application.Common.Paging;
using Posts.Application.Common.Results;

namespace Posts.Application.Comments.ListComments;

/// <summary>A post's comments, oldest first.</summary>
public sealed record ListCommentsQuery(long PostId, int? Page = null, string? Cursor = null, int? Limit = null)
    : IQuery<Result<Page<CommentDto>>>, IRequiresUser, IPagedRequest;

internal sealed class ListCommentsValidator : AbstractValidator<ListCommentsQuery>
{
    public ListCommentsValidator()
    {
        RuleFor(x => x.PostId).ValidId();
        Include(new PagingValidator());
    }
}

internal sealed class ListCommentsHandler(IPostsDbContext db, TypeAdapterConfig mapping)
    : IQueryHandler<ListCommentsQuery, Result<Page<CommentDto>>>
{
    public async ValueTask<Result<Page<CommentDto>>> Handle(ListCommentsQuery query, CancellationToken ct)
    {
        if (!await db.Posts.AnyAsync(p => p.Id == query.PostId, ct)) return Error.NotFound("Post");
        var comments = db.Comments.AsNoTracking().Where(c => c.PostId == query.PostId);
        return await PageReader.ReadAsync(comments, CommentRules.OldestFirst, query, mapping, ct);
    }
}
