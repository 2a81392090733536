using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Posts.Application.Common.Abstractions;
using Posts.Application.Common.Events;
using Posts.Application.Common.Results;
using Posts.Application.Users;
using Posts.Domain;

namespace Posts.Application.Tokens.RevokeTokens;

/// <summary>An administrator revokes every live token of one user, or of everybody.</summary>
public sealed record RevokeTokensCommand(string? Username, bool All) : ICommand<Result<RevokedTokens>>, IRequiresAdmin;

public sealed record RevokedTokens(int Count);

internal sealed class RevokeTokensValidator : AbstractValidator<RevokeTokensCommand>
{
    public RevokeTokensValidator()
    {
        RuleFor(x => x.Username).Null().When(x => x.All).WithMessage("Give either a username or all, not both.");
        RuleFor(x => x.Username!).ValidUsername().When(x => !x.All);
    }
}

internal sealed class RevokeTokensHandler(IPostsDbContext db, IEnumerable<ISessionListener> listeners, TimeProvider clock)
    : ICommandHandler<RevokeTokensCommand, Result<RevokedTokens>>
{
    public async ValueTask<Result<RevokedTokens>> Handle(RevokeTokensCommand command, CancellationToken ct)
    {
        long? userId = null;
        if (!command.All)
        {
            var username = User.NormalizeUsername(command.Username!);
            userId = await db.Users.Where(u => u.Username == username).Select(u => (long?)u.Id).FirstOrDefaultAsync(ct);
            if (userId is null) return Error.NotFound("User");
        }

        var (count, ended) = await db.RevokeTokensAsync(userId, exceptTokenId: null, SessionEndReasons.Revoked, clock.Now(), ct);
        listeners.Notify(ended);
        return new RevokedTokens(count);
    }
}
