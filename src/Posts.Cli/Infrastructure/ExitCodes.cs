using Posts.Application.Common.Results;

namespace Posts.Cli.Infrastructure;

/// <summary>Error codes → exit codes (SPEC §3), in this one place.</summary>
internal static class ExitCodes
{
    public const int Ok = 0;
    public const int Internal = 1;
    public const int Usage = 2;
    public const int Unavailable = 7;

    public static int For(Error error) => error.Code switch
    {
        ErrorCodes.ValidationFailed => 2,
        ErrorCodes.Unauthenticated or ErrorCodes.Forbidden => 3,
        ErrorCodes.NotFound => 4,
        ErrorCodes.Conflict => 5,
        ErrorCodes.RateLimited => 6,
        ErrorCodes.Unavailable => Unavailable,
        _ => Internal,
    };
}
