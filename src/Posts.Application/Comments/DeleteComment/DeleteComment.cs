using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Posts.Application.Common.Abstractions;
using Posts.Application.Common.Behaviours;
using Posts.Application.Common.Events;
using Posts.Application.Common.Results;
using Posts.Domain;

namespace Posts.Application.Comments.DeleteComment;

public sealed record DeleteCommentCommand(long Id) : ICommand<Result<Unit>>, IRequiresUser;

internal sealed class DeleteCommentValidator : AbstractValidator<DeleteCommentCommand>
{
    public DeleteCommentValidator() => RuleFor(x => x.Id).ValidId();
}

internal sealed class DeleteCommentHandler(IPostsDbContext db, ICurrentUser caller, TimeProvider clock)
    : ICommandHandler<DeleteCommentCommand, Result<Unit>>
{
    public async ValueTask<Result<Unit>> Handle(DeleteCommentCommand command, CancellationToken ct)
    {
        var comment = await db.Comments.FirstOrDefaultAsync(c => c.Id == command.Id, ct);
        if (comment is null) return Error.NotFound("Comment");
        if (!caller.MayChange(comment.AuthorId)) return Error.Forbidden("Only the author or an administrator may delete this comment");

        return await db.InTransactionAsync(async () =>
        {
            db.Comments.Remove(comment);
            var payload = new CommentDeletedPayload(comment.Id, comment.PostId, comment.AuthorId);
            db.Events.Add(Event.CommentDeleted(comment, EventPayload.Of(payload), clock.Now()));
            await db.SaveChangesAsync(ct);
            return Result<Unit>.Success(Unit.Value);
        }, ct);
    }
}
