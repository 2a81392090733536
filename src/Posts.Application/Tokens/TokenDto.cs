using Posts.Application.Users;

namespace Posts.Application.Tokens;

/// <summary>A new token: the only time its secret is shown.</summary>
public sealed record TokenDto(string Token, DateTimeOffset ExpiresAt, UserDto User)
{
    public override string ToString() => $"TokenDto {{ Token = ***, ExpiresAt = {ExpiresAt:O}, User = {User.Username} }}";
}

/// <summary>The payload of a <c>tokens.revoked</c> event: which sessions end, and why.</summary>
/// <param name="UserId">The user whose tokens were revoked; null with <paramref name="All"/>.</param>
/// <param name="TokenIds">The revoked tokens, when they are few and known; otherwise every token of the user (or all).</param>
/// <param name="ExceptTokenId">A token of that user that stays valid (the one that changed the password).</param>
/// <param name="UpToTokenId">The newest token when they were revoked: sessions on later tokens stay.</param>
public sealed record TokensRevokedPayload(long? UserId, IReadOnlyList<long>? TokenIds, long? ExceptTokenId, bool All, string Reason, long? UpToTokenId = null)
{
    /// <summary>Whether a session on that token of that user ends.</summary>
    public bool Ends(long userId, long tokenId) =>
        (UpToTokenId is not { } upTo || tokenId <= upTo)
        && (All || (TokenIds is { } ids ? ids.Contains(tokenId) : userId == UserId && tokenId != ExceptTokenId));
}

public static class SessionEndReasons
{
    public const string Revoked = "revoked";
    public const string Expired = "expired";
    public const string Disabled = "disabled";
    public const string PasswordChanged = "password_changed";
}
