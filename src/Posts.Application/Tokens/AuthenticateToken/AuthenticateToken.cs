using Mediator;
using Microsoft.EntityFrameworkCore;
using Posts.Application.Common.Results;
using Posts.Application.Common.Abstractions;
using Posts.Domain;

namespace Posts.Application.Tokens.AuthenticateToken;

/// <summary>
/// Resolves a bearer token to its session, for the adapters' authentication (not in the catalogue).
/// One indexed lookup by the token's SHA-256; an expired or revoked token, or a disabled user's, is <c>unauthenticated</c>.
/// </summary>
public sealed record AuthenticateTokenQuery(string Token) : IQuery<Result<AuthenticatedSession>>
{
    public override string ToString() => "AuthenticateTokenQuery { Token = *** }";
}

/// <summary>Who a token speaks for, and until when.</summary>
public sealed record AuthenticatedSession(long UserId, long TokenId, string Username, bool IsAdmin, DateTimeOffset ExpiresAt);

internal sealed class AuthenticateTokenHandler(IPostsDbContext db, TimeProvider clock)
    : IQueryHandler<AuthenticateTokenQuery, Result<AuthenticatedSession>>
{
    public async ValueTask<Result<AuthenticatedSession>> Handle(AuthenticateTokenQuery query, CancellationToken ct)
    {
        if (string.IsNullOrEmpty(query.Token) || query.Token.Length > 100) return Error.Unauthenticated("Invalid token");
        var hash = Token.HashSecret(query.Token);
        var now = clock.Now();
        var session = await db.Tokens.AsNoTracking()
            .Where(t => t.Hash == hash && t.RevokedAt == null && t.ExpiresAt > now)
            .Join(db.Users.Where(u => !u.IsDisabled), t => t.UserId, u => u.Id,
                (t, u) => new AuthenticatedSession(u.Id, t.Id, u.Username, u.IsAdmin, t.ExpiresAt))
            .FirstOrDefaultAsync(ct);
        return session is null ? Error.Unauthenticated("Invalid, expired or revoked token") : session;
    }
}
