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
        var (_, ended) = await db.RevokeTokensAsync(user.Id, exceptTokenId: null, SessionEndReasons.PasswordChanged, clock.Now(), ct);
        listeners.Notify(ended);
        return Unit.Value;
    }
}
