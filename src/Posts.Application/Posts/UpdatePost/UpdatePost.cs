using FluentValidation;
using Mapster;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Posts.Application.Common.Abstractions;
using Posts.Application.Common.Behaviours;
using Posts.Application.Common.Events;
using Posts.Application.Common.Json;
using Posts.Application.Common.Results;
using Posts.Domain;

namespace Posts.Application.Posts.UpdatePost;

/// <summary>
/// Changes a post's own fields. An absent field is left unchanged; <c>null</c> for one is a validation
/// error. <paramref name="Version"/>, when given, must be the current version (else <c>conflict</c>).
/// </summary>
public sealed record UpdatePostCommand(long Id, Optional<string?> Title = default, Optional<string?> Body = default, int? Version = null)
    : ICommand<Result<PostDto>>, IRequiresUser;

internal sealed class UpdatePostValidator : AbstractValidator<UpdatePostCommand>
{
    public UpdatePostValidator()
    {
        RuleFor(x => x.Id).ValidId();
        RuleFor(x => x.Title.Value).ValidTitle().When(x => x.Title.IsPresent).OverridePropertyName("title");
        RuleFor(x => x.Body.Value).ValidBody().When(x => x.Body.IsPresent).OverridePropertyName("body");
        RuleFor(x => x.Version).GreaterThanOrEqualTo(1);
    }
}

internal sealed class UpdatePostHandler(IPostsDbContext db, ICurrentUser caller, TypeAdapterConfig mapping, TimeProvider clock)
    : ICommandHandler<UpdatePostCommand, Result<PostDto>>
{
    public async ValueTask<Result<PostDto>> Handle(UpdatePostCommand command, CancellationToken ct)
    {
        var post = await db.Posts.FirstOrDefaultAsync(p => p.Id == command.Id, ct);
        if (post is null) return Error.NotFound("Post");
        if (!caller.MayChange(post.AuthorId)) return Error.Forbidden("Only the author or an administrator may change this post");
        if (command.Version is { } expected && expected != post.Version) return PostErrors.StaleVersion(post.Version);

        var commentCount = await db.Comments.CountAsync(c => c.PostId == post.Id, ct);
        var now = clock.Now();
        if (!post.Update(command.Title.Or(null), command.Body.Or(null), now))
            return post.Adapt<PostDto>(mapping) with { CommentCount = commentCount };

        try
        {
            return await db.InTransactionAsync(async () =>
            {
                await db.SaveChangesAsync(ct);
                var dto = post.Adapt<PostDto>(mapping) with { CommentCount = commentCount };
                db.Events.Add(Event.PostUpdated(post, EventPayload.Of(dto), now));
                await db.SaveChangesAsync(ct);
                return Result<PostDto>.Success(dto);
            }, ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            // Someone else updated (or deleted) it between our read and write.
            return PostErrors.ChangedConcurrently();
        }
    }
}
