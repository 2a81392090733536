namespace Posts.Application.Common.Results;

/// <summary>An expected failure, as a value. <see cref="Details"/> maps a field path to its messages for
/// <c>validation_failed</c>, and carries <c>retryAfter</c> (whole seconds) for <c>rate_limited</c> and <c>unavailable</c>.</summary>
public sealed record Error(string Code, string Message, IReadOnlyDictionary<string, object>? Details = null)
{
    public const string RetryAfterKey = "retryAfter";

    public static Error Validation(IReadOnlyDictionary<string, string[]> errors) =>
        new(ErrorCodes.ValidationFailed, "Validation failed", errors.ToDictionary(e => e.Key, e => (object)e.Value));

    public static Error Validation(string field, string message) =>
        Validation(new Dictionary<string, string[]> { [field] = [message] });

    public static Error Unauthenticated(string message = "Authentication required") => new(ErrorCodes.Unauthenticated, message);

    public static Error Forbidden(string message = "Not allowed") => new(ErrorCodes.Forbidden, message);

    public static Error NotFound(string what) => new(ErrorCodes.NotFound, $"{what} not found");

    public static Error Conflict(string message) => new(ErrorCodes.Conflict, message);

    public static Error RateLimited(TimeSpan retryAfter) =>
        new(ErrorCodes.RateLimited, "Too many attempts; try again later", RetryAfter(retryAfter));

    public static Error Unavailable(TimeSpan retryAfter) =>
        new(ErrorCodes.Unavailable, "The service is temporarily unavailable; try again later", RetryAfter(retryAfter));

    public static Error Internal() => new(ErrorCodes.Internal, "An unexpected error occurred");

    /// <summary>Whole seconds, at least one, rounded up.</summary>
    public int? RetryAfterSeconds => Details?.GetValueOrDefault(RetryAfterKey) as int?;

    private static Dictionary<string, object> RetryAfter(TimeSpan after) =>
        new() { [RetryAfterKey] = Math.Max(1, (int)Math.Ceiling(after.TotalSeconds)) };
}
