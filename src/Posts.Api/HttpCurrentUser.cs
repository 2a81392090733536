using System.Globalization;
using System.Security.Claims;
using Posts.Api.Authentication;
using Posts.Application.Common.Abstractions;

namespace Posts.Api;

/// <summary>The HTTP caller: the bearer token's user (set by <see cref="BearerAuthenticationHandler"/>), and the client address after trusted proxies.</summary>
internal sealed class HttpCurrentUser(IHttpContextAccessor accessor) : ICurrentUser
{
    private ClaimsPrincipal? Principal => accessor.HttpContext?.User;

    public long? UserId => Claim(ClaimTypes.NameIdentifier);
    public long? TokenId => Claim(BearerAuthenticationHandler.TokenIdClaim);
    public bool IsAdmin => Principal?.IsInRole("admin") == true;
    public bool IsSystem => false;
    public string ClientAddress => accessor.HttpContext?.Connection.RemoteIpAddress?.ToString() ?? "unknown";

    private long? Claim(string type) =>
        Principal?.FindFirst(type)?.Value is { } value ? long.Parse(value, CultureInfo.InvariantCulture) : null;
}
