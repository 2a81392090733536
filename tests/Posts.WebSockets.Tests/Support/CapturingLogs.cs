using System.Collections.Concurrent;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Posts.Testing;

namespace Posts.WebSockets.Tests.Support;

/// <summary>One log entry the host wrote.</summary>
public sealed record LogEntry(LogLevel Level, string Category, string Message, Exception? Exception)
{
    public override string ToString() => $"{Level} {Category}: {Message}{(Exception is null ? "" : $" ({Exception.GetType().Name}: {Exception.Message})")}";
}

/// <summary>Writes every entry of every category, at every level, into a queue.</summary>
public sealed class CapturingLoggerProvider(ConcurrentQueue<LogEntry> sink) : ILoggerProvider
{
    public ILogger CreateLogger(string categoryName) => new Logger(categoryName, sink);

    public void Dispose()
    {
    }

    private sealed class Logger(string category, ConcurrentQueue<LogEntry> sink) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            sink.Enqueue(new LogEntry(logLevel, category, formatter(state, exception), exception));
    }
}

/// <summary>
/// A <see cref="SocketHost"/> that keeps every log entry, so a test can say the host logged nothing at error level.
/// Subclasses override <see cref="SocketHost.Settings"/> for limits.
/// </summary>
public class LoggedSocketHost(PostgresServer server) : SocketHost(server)
{
    public ConcurrentQueue<LogEntry> Logs { get; } = new();

    /// <summary>Entries at error level or above.</summary>
    public IReadOnlyList<LogEntry> Errors => [.. Logs.Where(l => l.Level >= LogLevel.Error)];

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        // The project's own categories at every level (the host's "Socket dropped" is Debug); the framework's from Warning.
        builder.ConfigureLogging(logging => logging
            .AddProvider(new CapturingLoggerProvider(Logs))
            .AddFilter<CapturingLoggerProvider>(null, LogLevel.Warning)
            .AddFilter<CapturingLoggerProvider>("Posts", LogLevel.Trace));
    }

    /// <summary>How many entries so far match; with <see cref="WaitForLogAsync"/>, waits for one more.</summary>
    public int CountLogs(Func<LogEntry, bool> match) => Logs.Count(match);

    /// <summary>Waits (bounded) until more than <paramref name="already"/> entries match.</summary>
    public async Task WaitForLogAsync(Func<LogEntry, bool> match, int already = 0, TimeSpan? timeout = null)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        deadline.CancelAfter(timeout ?? TestSocket.ReadTimeout);
        while (Logs.Count(match) <= already)
        {
            try
            {
                await Task.Delay(20, deadline.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException("The expected log entry did not come.");
            }
        }
    }

    public static bool IsDrop(LogEntry entry) => entry.Message.StartsWith("Socket dropped", StringComparison.Ordinal);
}
