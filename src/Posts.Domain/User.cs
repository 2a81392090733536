using System.Text.RegularExpressions;

namespace Posts.Domain;

/// <summary>A person who signs in. Usernames are stored lower-case, so uniqueness is case-insensitive.</summary>
public sealed partial class User
{
    public const int UsernameMinLength = 3;
    public const int UsernameMaxLength = 32;
    public const string UsernamePattern = "^[a-z0-9_.-]+$";
    public const int DisplayNameMaxLength = 64;
    public const int PasswordMinLength = 12;
    public const int PasswordMaxLength = 128;

    /// <summary>
    /// The password hash of a user who has none yet (seeded, or imported without secrets): nothing verifies
    /// against it until an administrator sets a password.
    /// </summary>
    public const string NoPasswordHash = "";

    private User(string username, string displayName, string passwordHash, bool isAdmin, DateTimeOffset createdAt)
    {
        Username = username;
        DisplayName = displayName;
        PasswordHash = passwordHash;
        IsAdmin = isAdmin;
        CreatedAt = createdAt;
    }

    public long Id { get; private set; }
    public string Username { get; private set; }
    public string DisplayName { get; private set; }
    public string PasswordHash { get; private set; }
    public bool IsAdmin { get; private set; }
    public bool IsDisabled { get; private set; }
    public DateTimeOffset CreatedAt { get; private set; }

    public static User Create(string username, string displayName, string passwordHash, bool isAdmin, DateTimeOffset now)
    {
        var normalized = NormalizeUsername(username);
        if (!IsValidUsername(normalized))
            throw new ArgumentException($"Username must be {UsernameMinLength}-{UsernameMaxLength} characters of [a-z0-9_.-].", nameof(username));
        if (!IsValidDisplayName(displayName))
            throw new ArgumentException($"Display name must be 1-{DisplayNameMaxLength} characters.", nameof(displayName));
        ArgumentException.ThrowIfNullOrEmpty(passwordHash);
        return new User(normalized, displayName, passwordHash, isAdmin, now);
    }

    /// <summary>Usernames compare case-insensitively: they are kept and looked up in lower case.</summary>
    public static string NormalizeUsername(string username) => username.Trim().ToLowerInvariant();

    public static bool IsValidUsername(string? username) =>
        username is { Length: >= UsernameMinLength and <= UsernameMaxLength } && UsernameRegex().IsMatch(username);

    public static bool IsValidDisplayName(string? displayName) =>
        displayName is { Length: >= 1 and <= DisplayNameMaxLength } && !string.IsNullOrWhiteSpace(displayName);

    /// <summary>The password policy: 12-128 characters and not the username itself.</summary>
    public static bool SatisfiesPasswordPolicy(string? password, string username) =>
        password is { Length: >= PasswordMinLength and <= PasswordMaxLength }
        && !string.Equals(password, username, StringComparison.OrdinalIgnoreCase);

    public void ChangePasswordHash(string passwordHash)
    {
        ArgumentException.ThrowIfNullOrEmpty(passwordHash);
        PasswordHash = passwordHash;
    }

    /// <returns>Whether the user was enabled before.</returns>
    public bool Disable()
    {
        if (IsDisabled) return false;
        IsDisabled = true;
        return true;
    }

    /// <returns>Whether the user was disabled before.</returns>
    public bool Enable()
    {
        if (!IsDisabled) return false;
        IsDisabled = false;
        return true;
    }

    [GeneratedRegex(UsernamePattern, RegexOptions.CultureInvariant)]
    private static partial Regex UsernameRegex();
}
