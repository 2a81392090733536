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

namespace Posts.Application.Comments.UpdateComment;

/// <summary>Changes a comment's body (absent: unchanged; <c>null</c>: a validation error).</summary>
public sealed record UpdateCommentCommand(long Id, Optional<string?> Body = default) : ICommand<Result<CommentDto>>, IRequiresUser;

internal sealed class UpdateCommentValidator : AbstractValidator<UpdateCommentCommand>
{
    public UpdateCommentValidator()
    {
        RuleFor(x => x.Id).ValidId();
        RuleFor(x => x.Body.Value).ValidCommentBody().When(x => x.Body.IsPresent).OverridePropertyName("body");
    }
}

internal sealed class UpdateCommentHandler(IPostsDbContext db, ICurrentUser caller, TypeAdapterConfig mapping, TimeProvider clock)
    : ICommandHandler<UpdateCommentCommand, Result<CommentDto>>
{
    public async ValueTask<Result<CommentDto>> Handle(UpdateCommentCommand command, CancellationToken ct)
    {
        var comment = await db.Comments.FirstOrDefaultAsync(c => c.Id == command.Id, ct);
        if (comment is null) return Error.NotFound("Comment");
        if (!caller.MayChange(comment.AuthorId)) return Error.Forbidden("Only the author or an administrator may change this comment");

        var now = clock.Now();
        if (!command.Body.IsPresent || !comment.Update(command.Body.Value!, now)) return comment.Adapt<CommentDto>(mapping);

        return await db.InTransactionAsync(async () =>
        {
            await db.SaveChangesAsync(ct);
            var dto = comment.Adapt<CommentDto>(mapping);
            db.Events.Add(Event.CommentUpdated(comment, EventPayload.Of(dto), now));
            await db.SaveChangesAsync(ct);
            return Result<CommentDto>.Success(dto);
        }, ct);
    }
}
