using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using Posts.Application.Common.Abstractions;
using Posts.Application.Tokens;
using Posts.Application.Tokens.AuthenticateToken;

namespace Posts.Api.Authentication;

/// <summary>
/// Validated tokens, for a short while, so a busy client does not cost a token query per request. Keyed by
/// the token's SHA-256 (the secret itself is never kept). A revocation made through this process drops
/// the entries at once (<see cref="ISessionListener"/>); one made elsewhere is seen within <see cref="ApiOptions.TokenCacheLifetime"/>.
/// </summary>
internal sealed class TokenCache(IOptions<ApiOptions> options, TimeProvider clock) : ISessionListener
{
    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);

    public AuthenticatedSession? Find(string tokenHash)
    {
        if (!_entries.TryGetValue(tokenHash, out var entry)) return null;
        var now = clock.GetUtcNow();
        if (now < entry.FreshUntil && now < entry.Session.ExpiresAt) return entry.Session;
        _entries.TryRemove(new KeyValuePair<string, Entry>(tokenHash, entry));
        return null;
    }

    public void Add(string tokenHash, AuthenticatedSession session)
    {
        var lifetime = options.Value.TokenCacheLifetime;
        if (lifetime <= TimeSpan.Zero) return;
        if (_entries.Count >= options.Value.TokenCacheCapacity) Prune();
        if (_entries.Count >= options.Value.TokenCacheCapacity) return; // full of live entries: validate without caching
        _entries[tokenHash] = new Entry(session, clock.GetUtcNow() + lifetime);
    }

    public void SessionsEnded(TokensRevokedPayload ended)
    {
        foreach (var (key, entry) in _entries)
        {
            if (ended.Ends(entry.Session.UserId, entry.Session.TokenId)) _entries.TryRemove(new KeyValuePair<string, Entry>(key, entry));
        }
    }

    private void Prune()
    {
        var now = clock.GetUtcNow();
        foreach (var (key, entry) in _entries)
        {
            if (now >= entry.FreshUntil) _entries.TryRemove(new KeyValuePair<string, Entry>(key, entry));
        }
    }

    private sealed record Entry(AuthenticatedSession Session, DateTimeOffset FreshUntil);
}
