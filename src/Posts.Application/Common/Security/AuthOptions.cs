namespace Posts.Application.Common.Security;

/// <summary>Sign-in settings, bound from the <c>Auth</c> configuration section.</summary>
public sealed class AuthOptions
{
    public const string Section = "Auth";

    /// <summary>How long a new token lives.</summary>
    public TimeSpan TokenLifetime { get; set; } = TimeSpan.FromHours(24);

    /// <summary>The sliding window in which failed sign-ins are counted.</summary>
    public TimeSpan LoginWindow { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>Failures per (username, client address) in the window before <c>rate_limited</c>.</summary>
    public int MaxFailuresPerAddress { get; set; } = 5;

    /// <summary>Failures per username from all addresses in the window before <c>rate_limited</c>.</summary>
    public int MaxFailuresPerUser { get; set; } = 50;

    /// <summary>Password hashes computed at once in this process; beyond it callers get <c>rate_limited</c>.</summary>
    public int MaxConcurrentPasswordHashes { get; set; } = 2;
}
