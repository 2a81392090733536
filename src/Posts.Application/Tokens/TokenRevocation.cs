using Microsoft.EntityFrameworkCore;
using Posts.Application.Common.Abstractions;
using Posts.Application.Common.Events;
using Posts.Domain;

namespace Posts.Application.Tokens;

internal static class TokenRevocation
{
    /// <summary>
    /// Revokes the live tokens of a user (of everybody when <paramref name="userId"/> is null), except one, and writes
    /// the <c>tokens.revoked</c> event that ends their sessions on every host, with the context's other changes, in
    /// one transaction.
    /// </summary>
    public static async Task<(int Count, TokensRevokedPayload Ended)> RevokeTokensAsync(
        this IPostsDbContext db, long? userId, long? exceptTokenId, string reason, DateTimeOffset now, CancellationToken ct)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        // Tokens made after this read keep their sessions: the event reaches other hosts (and this one, again) later,
        // by when the user may have signed in anew.
        var upTo = await db.Tokens.MaxAsync(t => (long?)t.Id, ct) ?? 0;
        var count = await db.Tokens
            .Where(t => t.RevokedAt == null && t.ExpiresAt > now && (userId == null || t.UserId == userId) && (exceptTokenId == null || t.Id != exceptTokenId))
            .ExecuteUpdateAsync(s => s.SetProperty(t => t.RevokedAt, now), ct);
        var ended = new TokensRevokedPayload(userId, null, exceptTokenId, userId is null, reason, upTo);
        db.Events.Add(Event.TokensRevoked(userId, EventPayload.Of(ended), now));
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return (count, ended);
    }
}
