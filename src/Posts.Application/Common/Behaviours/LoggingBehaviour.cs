using System.Data.Common;
using System.Diagnostics;
using Mediator;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.Logging;
using Posts.Application.Common.Results;

namespace Posts.Application.Common.Behaviours;

/// <summary>
/// The outermost behaviour: logs each request's name, outcome and duration (never its fields, which
/// may hold passwords), and turns an unexpected exception into <c>unavailable</c> (the database is
/// down) or <c>internal</c>, so no adapter ever sees one.
/// </summary>
internal sealed class LoggingBehaviour<TMessage, TResponse>(ILogger<LoggingBehaviour<TMessage, TResponse>> logger)
    : IPipelineBehavior<TMessage, TResponse>
    where TMessage : IMessage
    where TResponse : IResultOf<TResponse>
{
    private static readonly TimeSpan UnavailableRetryAfter = TimeSpan.FromSeconds(5);

    public async ValueTask<TResponse> Handle(TMessage message, MessageHandlerDelegate<TMessage, TResponse> next, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var name = typeof(TMessage).Name;
        try
        {
            var response = await next(message, cancellationToken);
            logger.LogInformation("{Request} -> {Outcome} in {ElapsedMs:0.0} ms", name,
                response.IsSuccess ? "ok" : response.Error!.Code, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            return response;
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested && IsUnavailable(ex))
        {
            logger.LogWarning(ex, "{Request} -> unavailable in {ElapsedMs:0.0} ms", name, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            return TResponse.Fail(Error.Unavailable(UnavailableRetryAfter));
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            logger.LogError(ex, "{Request} -> internal in {ElapsedMs:0.0} ms", name, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            return TResponse.Fail(Error.Internal());
        }
    }

    private static bool IsUnavailable(Exception ex)
    {
        for (var e = ex; e is not null; e = e.InnerException)
        {
            if (e is DbException { IsTransient: true } or RetryLimitExceededException or TimeoutException) return true;
        }

        return false;
    }
}
