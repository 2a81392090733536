using Posts.Application.Common.Abstractions;
using Posts.Application.Tokens.AuthenticateToken;

namespace Posts.WebSockets;

/// <summary>The caller of one message: the connection's session at the moment the message is dispatched (one DI scope per message).</summary>
internal sealed class SocketCurrentUser : ICurrentUser
{
    private AuthenticatedSession? _session;

    public long? UserId => _session?.UserId;
    public long? TokenId => _session?.TokenId;
    public bool IsAdmin => _session?.IsAdmin == true;
    public bool IsSystem => false;
    public string ClientAddress { get; private set; } = "unknown";

    public void Use(AuthenticatedSession? session, string clientAddress)
    {
        _session = session;
        ClientAddress = clientAddress;
    }
}
