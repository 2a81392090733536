using Posts.Application.Tokens;

namespace Posts.Application.Common.Abstractions;

/// <summary>
/// Told in-process, right after the commit, that sessions ended (tokens revoked, a password changed, a user
/// disabled), so a host can drop them from its caches at once. Other hosts learn it from the event rows.
/// </summary>
public interface ISessionListener
{
    void SessionsEnded(TokensRevokedPayload ended);
}

internal static class SessionListenerExtensions
{
    public static void Notify(this IEnumerable<ISessionListener> listeners, TokensRevokedPayload ended)
    {
        foreach (var listener in listeners) listener.SessionsEnded(ended);
    }
}
