using Mediator;
using Posts.Api.Http;
using Posts.Application.Me.ChangePassword;
using Posts.Application.Me.GetCurrentUser;
using Posts.Application.Users;

namespace Posts.Api.Endpoints;

internal static class MeEndpoints
{
    public static IEndpointRouteBuilder MapMeEndpoints(this IEndpointRouteBuilder app)
    {
        var me = app.MapGroup("/me").WithTags("Me").RequiresBearer();
        me.MapGet("/", GetCurrentUser).WithName("GetCurrentUser").WithSummary("The signed-in user")
            .Produces<UserDto>().ProducesProblems(401, 503);
        me.MapPut("/password", ChangePassword).WithName("ChangePassword")
            .WithSummary("Change the password; the caller's other tokens are revoked")
            .Produces(StatusCodes.Status204NoContent).ProducesProblems(400, 401, 415, 429, 503);
        return app;
    }

    internal sealed record ChangePasswordBody(string CurrentPassword, string NewPassword) : IRequestBody
    {
        public override string ToString() => "ChangePasswordBody { CurrentPassword = ***, NewPassword = *** }";
    }

    private static async Task<IResult> GetCurrentUser(ISender sender, HttpContext http, CancellationToken ct) =>
        (await sender.Send(new GetCurrentUserQuery(), ct)).ToHttp(http, user => TypedResults.Ok(user));

    private static async Task<IResult> ChangePassword(ChangePasswordBody body, ISender sender, HttpContext http, CancellationToken ct) =>
        (await sender.Send(new ChangePasswordCommand(body.CurrentPassword, body.NewPassword), ct)).ToHttp(http, _ => TypedResults.NoContent());
}
