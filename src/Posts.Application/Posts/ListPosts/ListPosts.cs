using FluentValidation;
using Mapster;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Posts.Application.Common.Abstractions;
using Posts.Application.Common.Paging;
using Posts.Application.Common.Results;
using Posts.Domain;

namespace Posts.Application.Posts.ListPosts;

/// <summary>Posts, newest first, by page number or keyset cursor, filtered and with optional embeds.</summary>
public sealed record ListPostsQuery(
    int? Page = null, string? Cursor = null, int? Limit = null, PostFilter? Filter = null, IReadOnlyList<string>? Embed = null)
    : IQuery<Result<Page<PostDto>>>, IRequiresUser, IPagedRequest;

/// <param name="Since">ISO 8601 or <c>2014/12/29 14:30</c> (UTC when no offset): created at or after.</param>
/// <param name="Until">Likewise: created at or before.</param>
/// <param name="Author">A username.</param>
/// <param name="Q">Text searched in title and body.</param>
public sealed record PostFilter(string? Since = null, string? Until = null, string? Author = null, string? Q = null);

internal sealed class ListPostsValidator : AbstractValidator<ListPostsQuery>
{
    public const int QueryMaxLength = 200;

    public ListPostsValidator()
    {
        Include(new PagingValidator());
        When(x => x.Filter is not null, () =>
        {
            RuleFor(x => x.Filter!.Since).Must(s => Timestamps.TryParse(s, out _)).When(x => x.Filter!.Since is not null)
                .WithMessage("Must be an ISO 8601 time or 'yyyy/MM/dd HH:mm'.");
            RuleFor(x => x.Filter!.Until).Must(s => Timestamps.TryParse(s, out _)).When(x => x.Filter!.Until is not null)
                .WithMessage("Must be an ISO 8601 time or 'yyyy/MM/dd HH:mm'.");
            RuleFor(x => x.Filter!.Author).Must(a => User.IsValidUsername(User.NormalizeUsername(a!))).When(x => x.Filter!.Author is not null)
                .WithMessage("Must be a username.");
            RuleFor(x => x.Filter!.Q).Length(1, QueryMaxLength).When(x => x.Filter!.Q is not null)
                .WithMessage($"Must be 1-{QueryMaxLength} characters.");
        });
        RuleFor(x => x.Embed).Must(PostReads.AreValidEmbeds)
            .WithMessage($"May contain only '{PostEmbeds.Author}' and '{PostEmbeds.Comments}'.");
    }
}

internal sealed class ListPostsHandler(IPostsDbContext db, ITextSearch search, TypeAdapterConfig mapping)
    : IQueryHandler<ListPostsQuery, Result<Page<PostDto>>>
{
    public async ValueTask<Result<Page<PostDto>>> Handle(ListPostsQuery query, CancellationToken ct)
    {
        var posts = db.Posts.AsNoTracking();
        if (query.Filter is { } filter)
        {
            if (Timestamps.ParseOrNull(filter.Since) is { } since) posts = posts.Where(p => p.CreatedAt >= since);
            if (Timestamps.ParseOrNull(filter.Until) is { } until) posts = posts.Where(p => p.CreatedAt <= until);
            if (filter.Author is not null)
            {
                var author = User.NormalizeUsername(filter.Author);
                posts = posts.Where(p => db.Users.Any(u => u.Id == p.AuthorId && u.Username == author));
            }

            if (filter.Q is not null) posts = search.Matching(posts, filter.Q);
        }

        var page = await PageReader.ReadAsync(posts, PostReads.NewestFirst, query, mapping, ct);
        return page with { Data = await db.EmbedAsync(page.Data, query.Embed, mapping, ct) };
    }
}
