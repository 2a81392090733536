using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Posts.Application.Common.Abstractions;
using Posts.Application.Common.Events;
using Posts.Application.Common.Results;
using Posts.Application.Tokens;
using Posts.Domain;

namespace Posts.Application.Users.ResetPassword;

/// <summary>An administrator sets a user's password; every token of that user is revoked.</summary>
public sealed record ResetPasswordCommand(string Username, string NewPassword) : ICommand<Result<Unit>>, IRequiresAdmin, IUserTarget
{
    public override string ToString() => $"ResetPasswordCommand {{ Username = {Username}, NewPassword = *** }}";
}

internal sealed class ResetPasswordValidator : AbstractValidator<ResetPasswordCommand>
{
    public ResetPasswordValidator()
    {
        Include(new UserTargetValidator());
        RuleFor(x => x.NewPassword).ValidPassword(x => x.Username);
    }
}

internal sealed class ResetPasswordHandler(IPostsDbContext db, IPasswordHasher hasher, IEnumerable<ISessionListener> listeners, TimeProvider clock)
    : ICommandHandler<ResetPasswordCommand, Result<Unit>>
{
    public async ValueTask<Result<Unit>> Handle(ResetPasswordCommand command, CancellationToken ct)
    {
        var user = await db.FindByUsernameAsync(command.Username, ct);
        if (user is null) return Error.NotFound("User");
        user.ChangePasswordHash(hasher.Hash(command.NewPassword));
        var payload = new TokensRevokedPayload(user.Id, null, null, false, SessionEndReasons.PasswordChanged);
        var result = await db.InTransactionAsync(async () =>
        {
            var now = clock.Now();
            await db.Tokens.Where(t => t.UserId == user.Id && t.RevokedAt == null)
                .ExecuteUpdateAsync(s => s.SetProperty(t => t.RevokedAt, now), ct);
            db.Events.Add(Event.TokensRevoked(user.Id, EventPayload.Of(payload), now));
            await db.SaveChangesAsync(ct);
            return Result<Unit>.Success(Unit.Value);
        }, ct);
        listeners.Notify(payload);
        return result;
    }
}
