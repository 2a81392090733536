using System.Security.Claims;
using System.Text.Encodings.Web;
using Mediator;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using Posts.Api.Http;
using Posts.Application.Common.Results;
using Posts.Application.Tokens.AuthenticateToken;
using Posts.Domain;

namespace Posts.Api.Authentication;

/// <summary>
/// <c>Authorization: Bearer &lt;token&gt;</c>, validated through Application (<see cref="AuthenticateTokenQuery"/>),
/// with <see cref="TokenCache"/> in front. Whether a request needs a user is decided by the pipeline
/// (<c>IRequiresUser</c>), so this handler never challenges; it only says who is calling.
/// </summary>
internal sealed class BearerAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, TokenCache cache, ISender sender)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "Bearer";
    public const string TokenIdClaim = "posts:token";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var header = Request.Headers.Authorization.ToString();
        if (header.Length == 0) return AuthenticateResult.NoResult();
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)) return AuthenticateResult.Fail("Not a bearer token.");

        var token = header["Bearer ".Length..].Trim();
        var key = Convert.ToBase64String(Token.HashSecret(token));
        var session = cache.Find(key);
        if (session is null)
        {
            var result = await sender.Send(new AuthenticateTokenQuery(token), Context.RequestAborted);
            if (!result.IsSuccess)
            {
                if (result.Error.Code == ErrorCodes.Unavailable) throw new ServiceUnavailableException(result.Error.RetryAfterSeconds ?? 5);
                return AuthenticateResult.Fail(result.Error.Message);
            }

            session = result.Value;
            cache.Add(key, session);
        }

        Claim[] claims =
        [
            new(ClaimTypes.NameIdentifier, session.UserId.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            new(ClaimTypes.Name, session.Username),
            new(TokenIdClaim, session.TokenId.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            .. session.IsAdmin ? [new Claim(ClaimTypes.Role, "admin")] : Array.Empty<Claim>(),
        ];
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(new ClaimsIdentity(claims, SchemeName)), SchemeName));
    }
}
