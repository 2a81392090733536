using System.Data;
using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Posts.Application.Common.Abstractions;
using Posts.Application.Common.Results;
using Posts.Domain;

namespace Posts.Application.Db.ExportDatabase;

/// <summary>
/// Where an export stops: the highest id of each table and how many rows are at or below it, read in one snapshot.
/// Reading every table up to these ids (users, posts, comments, in that order) gives rows whose references all hold:
/// a comment's post was deleted with it or is at or below the posts' bound, its author at or below the users'.
/// </summary>
public sealed record ExportPlanQuery : IQuery<Result<ExportPlan>>, IRequiresAdmin;

public sealed record ExportPlan(long LastUserId, long LastPostId, long LastCommentId, int Users, int Posts, int Comments)
{
    public long LastId(BulkTable table) => table switch
    {
        BulkTable.Users => LastUserId,
        BulkTable.Posts => LastPostId,
        _ => LastCommentId,
    };
}

/// <summary>The next rows of one table after <paramref name="After"/> up to <paramref name="UpTo"/>, by id; password hashes only with <paramref name="IncludeSecrets"/>.</summary>
public sealed record ExportPageQuery(BulkTable Table, long After, long UpTo, int Limit, bool IncludeSecrets = false)
    : IQuery<Result<IReadOnlyList<BulkRow>>>, IRequiresAdmin;

internal sealed class ExportPageValidator : AbstractValidator<ExportPageQuery>
{
    public ExportPageValidator()
    {
        RuleFor(x => x.Table).IsInEnum();
        RuleFor(x => x.After).GreaterThanOrEqualTo(0);
        RuleFor(x => x.Limit).InclusiveBetween(1, BulkRows.MaxRows);
    }
}

internal sealed class ExportPlanHandler(IPostsDbContext db) : IQueryHandler<ExportPlanQuery, Result<ExportPlan>>
{
    public async ValueTask<Result<ExportPlan>> Handle(ExportPlanQuery query, CancellationToken ct)
    {
        await using var snapshot = await db.Database.BeginTransactionAsync(IsolationLevel.RepeatableRead, ct);
        return new ExportPlan(
            await db.Users.MaxAsync(u => (long?)u.Id, ct) ?? 0,
            await db.Posts.MaxAsync(p => (long?)p.Id, ct) ?? 0,
            await db.Comments.MaxAsync(c => (long?)c.Id, ct) ?? 0,
            await db.Users.CountAsync(ct),
            await db.Posts.CountAsync(ct),
            await db.Comments.CountAsync(ct));
    }
}

internal sealed class ExportPageHandler(IPostsDbContext db) : IQueryHandler<ExportPageQuery, Result<IReadOnlyList<BulkRow>>>
{
    public async ValueTask<Result<IReadOnlyList<BulkRow>>> Handle(ExportPageQuery query, CancellationToken ct) => query.Table switch
    {
        BulkTable.Users => await db.Users.AsNoTracking().Where(u => u.Id > query.After && u.Id <= query.UpTo)
            .OrderBy(u => u.Id).Take(query.Limit)
            .Select(u => (BulkRow)new UserRow(u.Id, u.Username, u.DisplayName, u.IsAdmin, u.IsDisabled, u.CreatedAt,
                query.IncludeSecrets && u.PasswordHash != User.NoPasswordHash ? u.PasswordHash : null))
            .ToListAsync(ct),
        BulkTable.Posts => await db.Posts.AsNoTracking().Where(p => p.Id > query.After && p.Id <= query.UpTo)
            .OrderBy(p => p.Id).Take(query.Limit)
            .Select(p => (BulkRow)new PostRow(p.Id, p.AuthorId, p.Title, p.Body, p.CreatedAt, p.UpdatedAt, p.Version))
            .ToListAsync(ct),
        _ => await db.Comments.AsNoTracking().Where(c => c.Id > query.After && c.Id <= query.UpTo)
            .OrderBy(c => c.Id).Take(query.Limit)
            .Select(c => (BulkRow)new CommentRow(c.Id, c.PostId, c.AuthorId, c.Body, c.CreatedAt, c.UpdatedAt))
            .ToListAsync(ct),
    };
}
