using Posts.Application.Common.Results;

namespace Posts.Api.Http;

internal static class ResultHttp
{
    /// <summary>Success through <paramref name="ok"/>; an error as a problem (a conflict as <paramref name="conflictStatus"/> when given).</summary>
    public static IResult ToHttp<T>(this Result<T> result, HttpContext http, Func<T, IResult> ok, int? conflictStatus = null) =>
        result.IsSuccess
            ? ok(result.Value)
            : result.Error.ToProblem(http, result.Error.Code == ErrorCodes.Conflict ? conflictStatus : null);
}
