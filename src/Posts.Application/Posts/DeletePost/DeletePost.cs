using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Posts.Application.Common.Abstractions;
using Posts.Application.Common.Behaviours;
using Posts.Application.Common.Events;
using Posts.Application.Common.Results;
using Posts.Domain;

namespace Posts.Application.Posts.DeletePost;

/// <summary>Deletes a post and its comments. <paramref name="Version"/>, when given, must be the current version.</summary>
public sealed record DeletePostCommand(long Id, int? Version = null) : ICommand<Result<Unit>>, IRequiresUser;

/// <summary>The payload of <c>posts.deleted</c>.</summary>
public sealed record PostDeletedPayload(long Id, long AuthorId);

internal sealed class DeletePostValidator : AbstractValidator<DeletePostCommand>
{
    public DeletePostValidator()
    {
        RuleFor(x => x.Id).ValidId();
        RuleFor(x => x.Version).GreaterThanOrEqualTo(1);
    }
}

internal sealed class DeletePostHandler(IPostsDbContext db, ICurrentUser caller, TimeProvider clock)
    : ICommandHandler<DeletePostCommand, Result<Unit>>
{
    public async ValueTask<Result<Unit>> Handle(DeletePostCommand command, CancellationToken ct)
    {
        var post = await db.Posts.FirstOrDefaultAsync(p => p.Id == command.Id, ct);
        if (post is null) return Error.NotFound("Post");
        if (!caller.MayChange(post.AuthorId)) return Error.Forbidden("Only the author or an administrator may delete this post");
        if (command.Version is { } expected && expected != post.Version)
            return PostErrors.StaleVersion(post.Version);

        try
        {
            return await db.InTransactionAsync(async () =>
            {
                db.Posts.Remove(post);
                db.Events.Add(Event.PostDeleted(post, EventPayload.Of(new PostDeletedPayload(post.Id, post.AuthorId)), clock.Now()));
                await db.SaveChangesAsync(ct);
                return Result<Unit>.Success(Unit.Value);
            }, ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            return PostErrors.ChangedConcurrently();
        }
    }
}
