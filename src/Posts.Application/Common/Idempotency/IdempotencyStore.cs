using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Posts.Application.Common.Abstractions;
using Posts.Domain;

namespace Posts.Application.Common.Idempotency;

public enum IdempotencyOutcome
{
    /// <summary>The key is new: run the request, then <see cref="IdempotencyStore.CompleteAsync"/> or <see cref="IdempotencyStore.ReleaseAsync"/>.</summary>
    Started,

    /// <summary>The same request already finished: answer with <see cref="IdempotencyClaim.Response"/>.</summary>
    Replay,

    /// <summary>The same key is still being processed.</summary>
    InFlight,

    /// <summary>The key was used for a different request.</summary>
    Mismatch,
}

public sealed record IdempotencyClaim(IdempotencyOutcome Outcome, string? Response = null);

public sealed class IdempotencyOptions
{
    public const string Section = "Idempotency";

    /// <summary>How long a key is remembered.</summary>
    public TimeSpan Lifetime { get; set; } = TimeSpan.FromHours(24);

    /// <summary>A key whose request never finished (its process died) is free again after this.</summary>
    public TimeSpan AbandonedAfter { get; set; } = TimeSpan.FromMinutes(1);
}

/// <summary>
/// Idempotency keys per user (IETF httpapi-idempotency-key draft), in PostgreSQL so every host shares them.
/// Claiming is one <c>INSERT … ON CONFLICT DO NOTHING</c>: of concurrent requests with one key exactly one starts.
/// </summary>
public sealed class IdempotencyStore(IPostsDbContext db, IOptions<IdempotencyOptions> options, TimeProvider clock)
{
    public async Task<IdempotencyClaim> ClaimAsync(long userId, string key, byte[] fingerprint, CancellationToken ct)
    {
        var now = clock.Now();
        var expired = now - options.Value.Lifetime;
        var abandoned = now - options.Value.AbandonedAfter;
        await db.IdempotencyRecords
            .Where(r => r.UserId == userId && r.Key == key && (r.CreatedAt < expired || (r.CompletedAt == null && r.CreatedAt < abandoned)))
            .ExecuteDeleteAsync(ct);

        var inserted = await db.Database.SqlQuery<long>($"""
            INSERT INTO idempotency_records (user_id, key, fingerprint, created_at) VALUES ({userId}, {key}, {fingerprint}, {now})
            ON CONFLICT (user_id, key) DO NOTHING RETURNING id AS "Value"
            """).ToListAsync(ct);
        if (inserted.Count == 1) return new IdempotencyClaim(IdempotencyOutcome.Started);

        var existing = await db.IdempotencyRecords.AsNoTracking().Where(r => r.UserId == userId && r.Key == key)
            .Select(r => new { r.Fingerprint, r.Response }).FirstOrDefaultAsync(ct);
        if (existing is null) return await ClaimAsync(userId, key, fingerprint, ct); // deleted in between: try again
        if (!existing.Fingerprint.AsSpan().SequenceEqual(fingerprint)) return new IdempotencyClaim(IdempotencyOutcome.Mismatch);
        return existing.Response is null
            ? new IdempotencyClaim(IdempotencyOutcome.InFlight)
            : new IdempotencyClaim(IdempotencyOutcome.Replay, existing.Response);
    }

    public Task CompleteAsync(long userId, string key, string response, CancellationToken ct) =>
        db.IdempotencyRecords.Where(r => r.UserId == userId && r.Key == key && r.CompletedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(r => r.Response, response).SetProperty(r => r.CompletedAt, clock.Now()), ct);

    /// <summary>Forgets a started key whose request failed on our side, so that a retry runs it again.</summary>
    public Task ReleaseAsync(long userId, string key, CancellationToken ct) =>
        db.IdempotencyRecords.Where(r => r.UserId == userId && r.Key == key && r.CompletedAt == null).ExecuteDeleteAsync(ct);
}
