using System.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Posts.Application.Common.Results;

namespace Posts.Api.Http;

/// <summary>
/// The one place where error codes meet HTTP: code → status for results, status → code for what ASP.NET
/// itself rejects, and the RFC 9457 problem shape with <c>code</c>, <c>errors</c> and <c>traceId</c>.
/// </summary>
internal static class Problems
{
    public const string TypeBase = "https://posts.example/problems/";
    public const string UnsupportedMediaType = "unsupported_media_type";
    public const string MethodNotAllowed = "method_not_allowed";
    public const string PayloadTooLarge = "payload_too_large";
    public const string IdempotencyKeyReused = "idempotency_key_reused";
    public const string IdempotencyInFlight = "idempotency_in_flight";

    public static int StatusFor(string code) => code switch
    {
        ErrorCodes.ValidationFailed => StatusCodes.Status400BadRequest,
        ErrorCodes.Unauthenticated => StatusCodes.Status401Unauthorized,
        ErrorCodes.Forbidden => StatusCodes.Status403Forbidden,
        ErrorCodes.NotFound => StatusCodes.Status404NotFound,
        ErrorCodes.Conflict or IdempotencyInFlight => StatusCodes.Status409Conflict,
        IdempotencyKeyReused => StatusCodes.Status422UnprocessableEntity,
        UnsupportedMediaType => StatusCodes.Status415UnsupportedMediaType,
        MethodNotAllowed => StatusCodes.Status405MethodNotAllowed,
        PayloadTooLarge => StatusCodes.Status413PayloadTooLarge,
        ErrorCodes.RateLimited => StatusCodes.Status429TooManyRequests,
        ErrorCodes.Unavailable => StatusCodes.Status503ServiceUnavailable,
        _ => StatusCodes.Status500InternalServerError,
    };

    /// <summary>For responses ASP.NET produces itself (unknown route, wrong method, unreadable body).</summary>
    public static string CodeFor(int status) => status switch
    {
        StatusCodes.Status400BadRequest => ErrorCodes.ValidationFailed,
        StatusCodes.Status401Unauthorized => ErrorCodes.Unauthenticated,
        StatusCodes.Status403Forbidden => ErrorCodes.Forbidden,
        StatusCodes.Status404NotFound => ErrorCodes.NotFound,
        StatusCodes.Status405MethodNotAllowed => MethodNotAllowed,
        StatusCodes.Status409Conflict or StatusCodes.Status412PreconditionFailed => ErrorCodes.Conflict,
        StatusCodes.Status413PayloadTooLarge => PayloadTooLarge,
        StatusCodes.Status415UnsupportedMediaType => UnsupportedMediaType,
        StatusCodes.Status422UnprocessableEntity => IdempotencyKeyReused,
        StatusCodes.Status429TooManyRequests => ErrorCodes.RateLimited,
        StatusCodes.Status503ServiceUnavailable => ErrorCodes.Unavailable,
        _ => ErrorCodes.Internal,
    };

    public static string TitleFor(string code) => code switch
    {
        ErrorCodes.ValidationFailed => "Validation failed",
        ErrorCodes.Unauthenticated => "Authentication required",
        ErrorCodes.Forbidden => "Forbidden",
        ErrorCodes.NotFound => "Not found",
        ErrorCodes.Conflict => "Conflict",
        ErrorCodes.RateLimited => "Too many requests",
        ErrorCodes.Unavailable => "Service unavailable",
        UnsupportedMediaType => "Unsupported media type",
        MethodNotAllowed => "Method not allowed",
        PayloadTooLarge => "Payload too large",
        IdempotencyKeyReused => "Idempotency key reused",
        IdempotencyInFlight => "Idempotent request in flight",
        _ => "Internal error",
    };

    /// <summary>The problem response for an error of the core. <paramref name="status"/> overrides the code's (412 for a stale If-Match).</summary>
    public static IResult ToProblem(this Error error, HttpContext http, int? status = null)
    {
        var problem = Create(http, error.Code, error.Message, status);
        if (error.Details is { Count: > 0 } details)
        {
            if (error.Code == ErrorCodes.ValidationFailed) problem.Extensions["errors"] = details;
            else foreach (var (key, value) in details) problem.Extensions[key] = value;
        }

        AddHeaders(http, error.Code, error.RetryAfterSeconds);
        return TypedResults.Problem(problem);
    }

    /// <summary>A validation problem about one field (a header or query value the adapter parses itself).</summary>
    public static IResult Invalid(HttpContext http, string field, string message) =>
        Error.Validation(field, message).ToProblem(http);

    public static ProblemDetails Create(HttpContext http, string code, string? detail, int? status = null) => Fill(new ProblemDetails
    {
        Status = status ?? StatusFor(code),
        Detail = detail,
    }, http, code);

    /// <summary>Gives any problem (ours or ASP.NET's) the spec's shape: type, title, code, traceId.</summary>
    public static ProblemDetails Fill(ProblemDetails problem, HttpContext http, string? code = null)
    {
        code ??= problem.Extensions.TryGetValue("code", out var existing) && existing is string c ? c : CodeFor(problem.Status ?? 500);
        problem.Type = TypeBase + code;
        problem.Title = TitleFor(code);
        problem.Extensions["code"] = code;
        problem.Extensions["traceId"] = Activity.Current?.Id ?? http.TraceIdentifier;
        return problem;
    }

    public static void AddHeaders(HttpContext http, string code, int? retryAfterSeconds)
    {
        if (code == ErrorCodes.Unauthenticated)
        {
            // RFC 6750: say why when a token was presented and refused.
            http.Response.Headers.WWWAuthenticate = http.Request.Headers.Authorization.Count > 0
                ? "Bearer error=\"invalid_token\""
                : "Bearer";
        }

        if (retryAfterSeconds is { } seconds) http.Response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
    }
}
