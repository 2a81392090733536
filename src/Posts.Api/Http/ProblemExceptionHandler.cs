using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics;
using Posts.Application.Common.Json;
using Posts.Application.Common.Results;

namespace Posts.Api.Http;

/// <summary>
/// What ASP.NET rejects before an endpoint runs — malformed JSON, unknown properties, a wrong content type,
/// an oversized body — becomes the spec's problem; an unexpected exception becomes <c>internal</c>, never
/// with its details. No client error is ever a 500.
/// </summary>
internal sealed class ProblemExceptionHandler(IProblemDetailsService problems, ILogger<ProblemExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext http, Exception exception, CancellationToken cancellationToken)
    {
        var (status, code, detail, errors, retryAfter) = exception switch
        {
            BadHttpRequestException { InnerException: JsonException json } => (400, ErrorCodes.ValidationFailed, "The body is not valid JSON for this request",
                JsonErrors.ToValidationError(json, "body").Details, (int?)null),
            // Minimal APIs say "Implicit body inferred for parameter ..." for an empty body or a JSON null: framework
            // talk, not an answer. The client is told which field is wrong, as for any other validation failure.
            BadHttpRequestException { StatusCode: StatusCodes.Status400BadRequest } bad when IsAboutTheBody(bad) =>
                (400, ErrorCodes.ValidationFailed, "The request needs a JSON object body",
                Error.Validation("body", "Is required: send a JSON object.").Details, (int?)null),
            BadHttpRequestException bad => (bad.StatusCode, Problems.CodeFor(bad.StatusCode), bad.StatusCode switch
            {
                StatusCodes.Status415UnsupportedMediaType => "Send JSON: Content-Type application/json or application/merge-patch+json",
                StatusCodes.Status413PayloadTooLarge => "The body is too large",
                _ => "The request could not be read",
            }, null, null),
            ServiceUnavailableException down => (503, ErrorCodes.Unavailable, "The service is temporarily unavailable; try again later", null, down.RetryAfterSeconds),
            _ => (500, ErrorCodes.Internal, "An unexpected error occurred", null, null),
        };
        if (status == 500) logger.LogError(exception, "Unhandled exception for {Method} {Path}", http.Request.Method, http.Request.Path);

        http.Response.StatusCode = status;
        Problems.AddHeaders(http, code, retryAfter);
        var problem = Problems.Create(http, code, detail, status);
        if (errors is not null) problem.Extensions["errors"] = errors;
        // The problem is the answer whatever the client's Accept says (as for the endpoints' own problems):
        // when content negotiation declines it (Accept: text/html), write it anyway rather than an empty body.
        if (!await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = http, ProblemDetails = problem, Exception = exception }))
            await TypedResults.Problem(problem).ExecuteAsync(http);
        return true;
    }

    private static bool IsAboutTheBody(BadHttpRequestException bad) => bad.Message.Contains("body", StringComparison.OrdinalIgnoreCase);
}
