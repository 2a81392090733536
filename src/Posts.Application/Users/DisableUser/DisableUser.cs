using FluentValidation;
using Mediator;
using Posts.Application.Common.Abstractions;
using Posts.Application.Common.Events;
using Posts.Application.Common.Results;
using Posts.Application.Tokens;
using Posts.Domain;

namespace Posts.Application.Users.DisableUser;

/// <summary>Disables a user: their tokens stop authenticating and their sessions end (a <c>users.disabled</c> event).</summary>
public sealed record DisableUserCommand(string Username) : ICommand<Result<Unit>>, IRequiresAdmin, IUserTarget;

/// <summary>The payload of <c>users.disabled</c>.</summary>
public sealed record UserDisabledPayload(long UserId);

internal sealed class DisableUserValidator : AbstractValidator<DisableUserCommand>
{
    public DisableUserValidator() => Include(new UserTargetValidator());
}

internal sealed class DisableUserHandler(IPostsDbContext db, IEnumerable<ISessionListener> listeners, TimeProvider clock) : ICommandHandler<DisableUserCommand, Result<Unit>>
{
    public async ValueTask<Result<Unit>> Handle(DisableUserCommand command, CancellationToken ct)
    {
        var user = await db.FindByUsernameAsync(command.Username, ct);
        if (user is null) return Error.NotFound("User");
        if (!user.Disable()) return Unit.Value;

        db.Events.Add(Event.UserDisabled(user.Id, EventPayload.Of(new UserDisabledPayload(user.Id)), clock.Now()));
        await db.SaveChangesAsync(ct);
        listeners.Notify(new TokensRevokedPayload(user.Id, null, null, false, SessionEndReasons.Disabled));
        return Unit.Value;
    }
}
