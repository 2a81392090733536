using FluentValidation;
using Mapster;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Posts.Application.Common.Abstractions;
using Posts.Application.Common.Behaviours;
using Posts.Application.Common.Events;
using Posts.Application.Common.Results;
using Posts.Domain;

namespace Posts.Application.Comments.CreateComment;

public sealed record CreateCommentCommand(long PostId, string Body) : ICommand<Result<CommentDto>>, IRequiresUser;

internal sealed class CreateCommentValidator : AbstractValidator<CreateCommentCommand>
{
    public CreateCommentValidator()
    {
        RuleFor(x => x.PostId).ValidId();
        RuleFor(x => x.Body).ValidCommentBody();
    }
}

internal sealed class CreateCommentHandler(IPostsDbContext db, ICurrentUser caller, TypeAdapterConfig mapping, TimeProvider clock)
    : ICommandHandler<CreateCommentCommand, Result<CommentDto>>
{
    public async ValueTask<Result<CommentDto>> Handle(CreateCommentCommand command, CancellationToken ct)
    {
        if (caller.UserId is not { } authorId) return Error.Forbidden("Only a user can author comments");
        if (!await db.Posts.AnyAsync(p => p.Id == command.PostId, ct)) return Error.NotFound("Post");

        try
        {
            return await db.InTransactionAsync(async () =>
            {
                var now = clock.Now();
                var comment = Comment.Create(command.PostId, authorId, command.Body, now);
                db.Comments.Add(comment);
                await db.SaveChangesAsync(ct);
                var dto = comment.Adapt<CommentDto>(mapping);
                db.Events.Add(Event.CommentCreated(comment, EventPayload.Of(dto), now));
                await db.SaveChangesAsync(ct);
                return Result<CommentDto>.Success(dto);
            }, ct);
        }
        catch (DbUpdateException e) when (e.IsForeignKeyViolation())
        {
            // The post was deleted between the check and the insert.
            return Error.NotFound("Post");
        }
    }
}
