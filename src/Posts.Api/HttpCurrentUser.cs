using Posts.Application.Common.Abstractions;

namespace Posts.Api;

/// <summary>The HTTP caller. Bearer authentication arrives with the HTTP API adapter; until then every caller is anonymous.</summary>
internal sealed class HttpCurrentUser(IHttpContextAccessor accessor) : ICurrentUser
{
    public long? UserId => null;
    public long? TokenId => null;
    public bool IsAdmin => false;
    public bool IsSystem => false;
    public string ClientAddress => accessor.HttpContext?.Connection.RemoteIpAddress?.ToString() ?? "unknown";
}
