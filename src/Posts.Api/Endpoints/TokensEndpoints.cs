using Mediator;
using Posts.Api.Http;
using Posts.Application.Tokens;
using Posts.Application.Tokens.CreateToken;
using Posts.Application.Tokens.RevokeToken;

namespace Posts.Api.Endpoints;

internal static class TokensEndpoints
{
    public const string SignInRateLimit = "sign-in";

    public static IEndpointRouteBuilder MapTokensEndpoints(this IEndpointRouteBuilder app)
    {
        var tokens = app.MapGroup("/tokens").WithTags("Tokens");
        tokens.MapPost("/", CreateToken).WithName("CreateToken").RequireRateLimiting(SignInRateLimit)
            .WithSummary("Sign in: a username and password for a bearer token")
            .Produces<TokenDto>(StatusCodes.Status201Created).ProducesProblems(400, 401, 415, 429, 503);
        tokens.MapDelete("/current", RevokeToken).WithName("RevokeToken").RequiresBearer()
            .WithSummary("Sign out: revoke the bearer token")
            .Produces(StatusCodes.Status204NoContent).ProducesProblems(401, 503);
        return app;
    }

    internal sealed record CreateTokenBody(string Username, string Password) : IRequestBody
    {
        public override string ToString() => $"CreateTokenBody {{ Username = {Username}, Password = *** }}";
    }

    private static async Task<IResult> CreateToken(CreateTokenBody body, ISender sender, HttpContext http, CancellationToken ct) =>
        (await sender.Send(new CreateTokenCommand(body.Username, body.Password), ct)).ToHttp(http, token =>
        {
            // The secret is shown once: no cache may keep it (as RFC 6749 asks of token responses).
            http.Response.Headers.CacheControl = "no-store";
            return TypedResults.Created("/tokens/current", token);
        });

    private static async Task<IResult> RevokeToken(ISender sender, HttpContext http, CancellationToken ct) =>
        (await sender.Send(new RevokeTokenCommand(), ct)).ToHttp(http, _ => TypedResults.NoContent());
}
