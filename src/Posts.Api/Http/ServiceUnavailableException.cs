namespace Posts.Api.Http;

/// <summary>Thrown where no result can be returned (authentication) when the database does not answer; answered with 503.</summary>
internal sealed class ServiceUnavailableException(int retryAfterSeconds) : Exception("The database did not answer.")
{
    public int RetryAfterSeconds { get; } = retryAfterSeconds;
}
