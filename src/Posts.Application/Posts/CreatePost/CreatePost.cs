using FluentValidation;
using Mapster;
using Mediator;
using Posts.Application.Common.Abstractions;
using Posts.Application.Common.Events;
using Posts.Application.Common.Results;
using Posts.Domain;

namespace Posts.Application.Posts.CreatePost;

public sealed record CreatePostCommand(string Title, string Body) : ICommand<Result<PostDto>>, IRequiresUser;

internal sealed class CreatePostValidator : AbstractValidator<CreatePostCommand>
{
    public CreatePostValidator()
    {
        RuleFor(x => x.Title).ValidTitle();
        RuleFor(x => x.Body).ValidBody();
    }
}

internal sealed class CreatePostHandler(IPostsDbContext db, ICurrentUser caller, TypeAdapterConfig mapping, TimeProvider clock)
    : ICommandHandler<CreatePostCommand, Result<PostDto>>
{
    public async ValueTask<Result<PostDto>> Handle(CreatePostCommand command, CancellationToken ct)
    {
        if (caller.UserId is not { } authorId) return Error.Forbidden("Only a user can author posts");

        return await db.InTransactionAsync(async () =>
        {
            var now = clock.Now();
            var post = Post.Create(authorId, command.Title, command.Body, now);
            db.Posts.Add(post);
            await db.SaveChangesAsync(ct);
            var dto = post.Adapt<PostDto>(mapping);
            db.Events.Add(Event.PostCreated(post, EventPayload.Of(dto), now));
            await db.SaveChangesAsync(ct);
            return Result<PostDto>.Success(dto);
        }, ct);
    }
}
