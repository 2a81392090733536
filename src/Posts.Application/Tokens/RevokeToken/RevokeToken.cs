using Mediator;
using Microsoft.EntityFrameworkCore;
using Posts.Application.Common.Abstractions;
using Posts.Application.Common.Events;
using Posts.Application.Common.Results;
using Posts.Domain;

namespace Posts.Application.Tokens.RevokeToken;

/// <summary>Signs out: revokes the token the caller authenticated with.</summary>
public sealed record RevokeTokenCommand : ICommand<Result<Unit>>, IRequiresUser;

internal sealed class RevokeTokenHandler(IPostsDbContext db, ICurrentUser caller, IEnumerable<ISessionListener> listeners, TimeProvider clock)
    : ICommandHandler<RevokeTokenCommand, Result<Unit>>
{
    public async ValueTask<Result<Unit>> Handle(RevokeTokenCommand command, CancellationToken ct)
    {
        var token = caller.TokenId is { } id ? await db.Tokens.FirstOrDefaultAsync(t => t.Id == id, ct) : null;
        if (token is null) return Error.NotFound("Token");

        var now = clock.Now();
        if (!token.Revoke(now)) return Unit.Value;

        var payload = new TokensRevokedPayload(token.UserId, [token.Id], null, false, SessionEndReasons.Revoked);
        db.Events.Add(Event.TokensRevoked(token.UserId, EventPayload.Of(payload), now));
        await db.SaveChangesAsync(ct);
        listeners.Notify(payload);
        return Unit.Value;
    }
}
