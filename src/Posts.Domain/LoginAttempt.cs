namespace Posts.Domain;

/// <summary>
/// One sign-in attempt, reserved before the password is checked. It counts as a failure until the
/// check succeeds, so concurrent guesses cannot slip past the throttle.
/// </summary>
public sealed class LoginAttempt
{
    private LoginAttempt(string username, string clientAddress, DateTimeOffset attemptedAt)
    {
        Username = username;
        ClientAddress = clientAddress;
        AttemptedAt = attemptedAt;
    }

    public long Id { get; private set; }
    public string Username { get; private set; }
    public string ClientAddress { get; private set; }
    public DateTimeOffset AttemptedAt { get; private set; }

    public static LoginAttempt Reserve(string username, string clientAddress, DateTimeOffset now) => new(username, clientAddress, now);
}
