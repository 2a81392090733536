using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Posts.Application.Common.Abstractions;
using Posts.Application.Common.Results;
using Posts.Domain;

namespace Posts.Application.Common.Security;

/// <summary>
/// Counts failed sign-ins in PostgreSQL, so every adapter and every host share one budget.
/// An attempt is reserved (inserted) before the password is hashed, under a per-username advisory
/// lock, and counts as a failure until it succeeds: concurrent guesses cannot exceed the limits.
/// The per-address limit is the tight one; the per-username limit is ten times higher so that one
/// attacker's address cannot lock the account out for everybody.
/// </summary>
public sealed class LoginThrottle(IPostsDbContext db, IOptions<AuthOptions> options, TimeProvider clock)
{
    private readonly AuthOptions _options = options.Value;

    /// <returns>The reserved attempt's id, or <c>rate_limited</c> with the time until a slot frees.</returns>
    public async Task<Result<long>> ReserveAsync(string username, string clientAddress, CancellationToken ct)
    {
        var now = clock.Now();
        var windowStart = now - _options.LoginWindow;
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock(hashtextextended({"login:" + username}, 0))", ct);
        await db.LoginAttempts.Where(a => a.Username == username && a.AttemptedAt <= windowStart).ExecuteDeleteAsync(ct);

        var recent = await db.LoginAttempts
            .Where(a => a.Username == username)
            .Select(a => new { a.ClientAddress, a.AttemptedAt })
            .ToListAsync(ct);
        var fromAddress = recent.Where(a => a.ClientAddress == clientAddress).Select(a => a.AttemptedAt).ToList();

        TimeSpan? wait = null;
        if (fromAddress.Count >= _options.MaxFailuresPerAddress)
            wait = OldestToExpire(fromAddress, _options.MaxFailuresPerAddress) + _options.LoginWindow - now;
        if (recent.Count >= _options.MaxFailuresPerUser)
        {
            var userWait = OldestToExpire(recent.Select(a => a.AttemptedAt).ToList(), _options.MaxFailuresPerUser) + _options.LoginWindow - now;
            wait = wait is null || userWait > wait ? userWait : wait;
        }

        if (wait is not null) return Error.RateLimited(wait.Value);

        var attempt = LoginAttempt.Reserve(username, clientAddress, now);
        db.LoginAttempts.Add(attempt);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return attempt.Id;
    }

    /// <summary>A success forgives this address's failures for the username (including the reserved attempt).</summary>
    public Task SucceededAsync(string username, string clientAddress, CancellationToken ct) =>
        db.LoginAttempts.Where(a => a.Username == username && a.ClientAddress == clientAddress).ExecuteDeleteAsync(ct);

    /// <summary>The attempt whose expiry lets the count drop below <paramref name="limit"/>.</summary>
    private static DateTimeOffset OldestToExpire(List<DateTimeOffset> attempts, int limit)
    {
        attempts.Sort();
        return attempts[attempts.Count - limit];
    }
}
