namespace Posts.Domain;

/// <summary>
/// A client's <c>Idempotency-Key</c> for one user: the fingerprint of the first request that used it and,
/// once it finished, the response to replay for a retry.
/// </summary>
public sealed class IdempotencyRecord
{
    public const int KeyMaxLength = 255;

    private IdempotencyRecord(long userId, string key, byte[] fingerprint, DateTimeOffset createdAt)
    {
        UserId = userId;
        Key = key;
        Fingerprint = fingerprint;
        CreatedAt = createdAt;
    }

    public long Id { get; private set; }
    public long UserId { get; private set; }
    public string Key { get; private set; }
    public byte[] Fingerprint { get; private set; }
    public DateTimeOffset CreatedAt { get; private set; }
    public DateTimeOffset? CompletedAt { get; private set; }

    /// <summary>The response as the adapter stored it (opaque here); null while the first request is in flight.</summary>
    public string? Response { get; private set; }

    public static IdempotencyRecord Start(long userId, string key, byte[] fingerprint, DateTimeOffset now)
    {
        if (key.Length is 0 or > KeyMaxLength) throw new ArgumentException($"Key must be 1-{KeyMaxLength} characters.", nameof(key));
        return new IdempotencyRecord(userId, key, fingerprint, now);
    }
}
