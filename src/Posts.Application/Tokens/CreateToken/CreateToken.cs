using FluentValidation;
using Mapster;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Posts.Application.Common.Abstractions;
using Posts.Application.Common.Results;
using Posts.Application.Common.Security;
using Posts.Application.Users;
using Posts.Domain;

namespace Posts.Application.Tokens.CreateToken;

/// <summary>Signs in: a username and password for a new bearer token.</summary>
public sealed record CreateTokenCommand(string Username, string Password) : ICommand<Result<TokenDto>>
{
    public override string ToString() => $"CreateTokenCommand {{ Username = {Username}, Password = *** }}";
}

internal sealed class CreateTokenValidator : AbstractValidator<CreateTokenCommand>
{
    public CreateTokenValidator()
    {
        RuleFor(x => x.Username).NotEmpty().WithMessage("Is required.").MaximumLength(User.UsernameMaxLength);
        RuleFor(x => x.Password).NotEmpty().WithMessage("Is required.").MaximumLength(User.PasswordMaxLength);
    }
}

internal sealed class CreateTokenHandler(
    IPostsDbContext db, ICurrentUser caller, IPasswordHasher hasher, PasswordHashingGate gate, LoginThrottle throttle,
    IOptions<AuthOptions> options, TypeAdapterConfig mapping, TimeProvider clock)
    : ICommandHandler<CreateTokenCommand, Result<TokenDto>>
{
    private static readonly TimeSpan BusyRetryAfter = TimeSpan.FromSeconds(1);

    public async ValueTask<Result<TokenDto>> Handle(CreateTokenCommand command, CancellationToken ct)
    {
        using var slot = gate.TryEnter();
        if (slot is null) return Error.RateLimited(BusyRetryAfter);

        var username = User.NormalizeUsername(command.Username);
        var reserved = await throttle.ReserveAsync(username, caller.ClientAddress, ct);
        if (!reserved.IsSuccess) return reserved.Error;

        // Unknown usernames cost a hash too, and get the same answer: no user enumeration by timing.
        var user = await db.Users.FirstOrDefaultAsync(u => u.Username == username, ct);
        if (user is null)
        {
            hasher.VerifyAgainstDummy(command.Password);
            return InvalidCredentials();
        }

        var verification = hasher.Verify(user.PasswordHash, command.Password);
        if (verification == PasswordVerification.Failed) return InvalidCredentials();
        if (user.IsDisabled) return Error.Unauthenticated("The account is disabled");
        if (verification == PasswordVerification.SuccessRehashNeeded) user.ChangePasswordHash(hasher.Hash(command.Password));

        var (token, secret) = Token.Issue(user.Id, clock.Now(), options.Value.TokenLifetime);
        db.Tokens.Add(token);
        await db.SaveChangesAsync(ct);
        await throttle.SucceededAsync(username, caller.ClientAddress, ct);
        return new TokenDto(secret, token.ExpiresAt, user.Adapt<UserDto>(mapping));
    }

    private static Error InvalidCredentials() => Error.Unauthenticated("Invalid username or password");
}
