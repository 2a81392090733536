using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Posts.Application.Common.Abstractions;
using Posts.Application.Common.Events;
using Posts.Application.Common.Results;
using Posts.Application.Common.Security;
using Posts.Application.Tokens;
using Posts.Application.Users;
using Posts.Domain;

namespace Posts.Application.Me.ChangePassword;

/// <summary>Changes the caller's password and revokes the caller's other tokens.</summary>
public sealed record ChangePasswordCommand(string CurrentPassword, string NewPassword) : ICommand<Result<Unit>>, IRequiresUser
{
    public override string ToString() => "ChangePasswordCommand { CurrentPassword = ***, NewPassword = *** }";
}

internal sealed class ChangePasswordValidator : AbstractValidator<ChangePasswordCommand>
{
    public ChangePasswordValidator()
    {
        RuleFor(x => x.CurrentPassword).NotEmpty().WithMessage("Is required.").MaximumLength(User.PasswordMaxLength);
        RuleFor(x => x.NewPassword).ValidPassword(_ => null);
    }
}

internal sealed class ChangePasswordHandler(
    IPostsDbContext db, ICurrentUser caller, IPasswordHasher hasher, PasswordHashingGate gate, LoginThrottle throttle,
    IEnumerable<ISessionListener> listeners, TimeProvider clock)
    : ICommandHandler<ChangePasswordCommand, Result<Unit>>
{
    public async ValueTask<Result<Unit>> Handle(ChangePasswordCommand command, CancellationToken ct)
    {
        var user = await db.Users.FirstOrDefaultAsync(u => u.Id == caller.UserId, ct);
        if (user is null) return Error.NotFound("User");
        if (!User.SatisfiesPasswordPolicy(command.NewPassword, user.Username))
            return Error.Validation("newPassword", "Must not be the username.");

        using var slot = gate.TryEnter();
        if (slot is null) return Error.RateLimited(TimeSpan.FromSeconds(1));

        // A stolen token must not become a way to guess the password: the same throttle as sign-in.
        var reserved = await throttle.ReserveAsync(user.Username, caller.ClientAddress, ct);
        if (!reserved.IsSuccess) return reserved.Error;
        if (hasher.Verify(user.PasswordHash, command.CurrentPassword) == PasswordVerification.Failed)
            return Error.Validation("currentPassword", "Is not the current password.");
        await throttle.SucceededAsync(user.Username, caller.ClientAddress, ct);

        user.ChangePasswordHash(hasher.Hash(command.NewPassword));
        var (_, ended) = await db.RevokeTokensAsync(user.Id, exceptTokenId: caller.TokenId, SessionEndReasons.PasswordChanged, clock.Now(), ct);
        listeners.Notify(ended);
        return Unit.Value;
    }
}
