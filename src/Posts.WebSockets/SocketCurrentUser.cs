using Posts.Application.Common.Abstractions;

namespace Posts.WebSockets;

/// <summary>The socket's caller. Sessions (tokens.create / tokens.use) arrive with the WebSocket adapter; until then, anonymous.</summary>
internal sealed class SocketCurrentUser(IHttpContextAccessor accessor) : ICurrentUser
{
    public long? UserId => null;
    public long? TokenId => null;
    public bool IsAdmin => false;
    public bool IsSystem => false;
    public string ClientAddress => accessor.HttpContext?.Connection.RemoteIpAddress?.ToString() ?? "unknown";
}
