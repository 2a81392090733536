namespace Posts.Application.Common.Abstractions;

/// <summary>
/// Who is calling. Each adapter supplies its own: the HTTP API from the bearer token, the WebSocket
/// host from the connection's session, the CLI as the built-in system administrator.
/// </summary>
public interface ICurrentUser
{
    /// <summary>The signed-in user, or null (anonymous, or the system itself).</summary>
    long? UserId { get; }

    /// <summary>The token the caller authenticated with, when there is one.</summary>
    long? TokenId { get; }

    bool IsAdmin { get; }

    /// <summary>The CLI: an administrator that is no user of the system.</summary>
    bool IsSystem { get; }

    /// <summary>The client's address as the adapter sees it (after trusted proxies); used by the login throttle.</summary>
    string ClientAddress { get; }
}

public static class CurrentUserExtensions
{
    public static bool IsAuthenticated(this ICurrentUser user) => user.UserId is not null || user.IsSystem;

    /// <summary>Authors may change their own things; administrators may change anything.</summary>
    public static bool MayChange(this ICurrentUser user, long authorId) => user.IsAdmin || user.UserId == authorId;
}
