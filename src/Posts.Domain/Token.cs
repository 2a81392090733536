using System.Buffers.Text;
using System.Security.Cryptography;

namespace Posts.Domain;

/// <summary>
/// An opaque bearer token. The secret (256 random bits, base64url) is shown to the client once;
/// only its SHA-256 is stored, so a database leak does not leak usable tokens.
/// </summary>
public sealed class Token
{
    public const int SecretBytes = 32;
    public const int HashBytes = 32;

    private Token(long userId, byte[] hash, DateTimeOffset createdAt, DateTimeOffset expiresAt)
    {
        UserId = userId;
        Hash = hash;
        CreatedAt = createdAt;
        ExpiresAt = expiresAt;
    }

    public long Id { get; private set; }
    public long UserId { get; private set; }
    public byte[] Hash { get; private set; }
    public DateTimeOffset CreatedAt { get; private set; }
    public DateTimeOffset ExpiresAt { get; private set; }
    public DateTimeOffset? RevokedAt { get; private set; }

    /// <summary>Issues a token for <paramref name="userId"/> and returns it with its secret, which is not kept.</summary>
    public static (Token Token, string Secret) Issue(long userId, DateTimeOffset now, TimeSpan lifetime)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(lifetime, TimeSpan.Zero);
        var secret = Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(SecretBytes));
        return (new Token(userId, HashSecret(secret), now, now + lifetime), secret);
    }

    public static byte[] HashSecret(string secret) => SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(secret));

    /// <summary>A token authenticates while it is neither revoked nor expired (the user's state is checked apart).</summary>
    public bool IsActiveAt(DateTimeOffset now) => RevokedAt is null && now < ExpiresAt;

    /// <returns>Whether this call revoked it (false when it already was).</returns>
    public bool Revoke(DateTimeOffset now)
    {
        if (RevokedAt is not null) return false;
        RevokedAt = now;
        return true;
    }
}
