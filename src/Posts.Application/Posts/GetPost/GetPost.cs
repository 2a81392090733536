using FluentValidation;
using Mapster;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Posts.Application.Common.Abstractions;
using Posts.Application.Common.Behaviours;
using Posts.Application.Common.Results;

namespace Posts.Application.Posts.GetPost;

public sealed record GetPostQuery(long Id, IReadOnlyList<string>? Embed = null) : IQuery<Result<PostDto>>, IRequiresUser;

internal sealed class GetPostValidator : AbstractValidator<GetPostQuery>
{
    public GetPostValidator()
    {
        RuleFor(x => x.Id).ValidId();
        RuleFor(x => x.Embed).Must(PostReads.AreValidEmbeds)
            .WithMessage($"May contain only '{PostEmbeds.Author}' and '{PostEmbeds.Comments}'.");
    }
}

internal sealed class GetPostHandler(IPostsDbContext db, TypeAdapterConfig mapping) : IQueryHandler<GetPostQuery, Result<PostDto>>
{
    public async ValueTask<Result<PostDto>> Handle(GetPostQuery query, CancellationToken ct)
    {
        var post = await db.Posts.AsNoTracking().Where(p => p.Id == query.Id).ProjectToType<PostDto>(mapping).FirstOrDefaultAsync(ct);
        if (post is null) return Error.NotFound("Post");
        return (await db.EmbedAsync([post], query.Embed, mapping, ct))[0];
    }
}
