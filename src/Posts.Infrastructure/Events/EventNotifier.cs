using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace Posts.Infrastructure.Events;

/// <summary>
/// Wakes the event readers after commits that wrote events, off the request path and coalesced: one process-wide
/// instance sends <c>pg_notify</c> on a connection of its own. A commit while no send is in flight starts one; commits
/// while a send is in flight cause exactly one more send after it (that send starts after their commits, so a reader it
/// wakes sees them). The hint carries nothing: a reader woken once reads everything committed up to its horizon.
/// A hint lost anyway (the process dies first, the send fails) only delays delivery until the readers' periodic
/// catch-up (<c>Events:CatchUpInterval</c>). Disposing it waits for the send in flight and the one pending, so a
/// short-lived process (the CLI) still wakes the hosts before it exits (ADR-008).
/// </summary>
internal sealed partial class EventNotifier : IAsyncDisposable, IDisposable
{
    private const int Idle = 0, Sending = 1, SendingAndPending = 2;
    private static readonly TimeSpan FlushTimeout = TimeSpan.FromSeconds(5);

    private readonly Func<CancellationToken, Task> _send;
    private readonly ILogger _logger;
    private readonly NpgsqlDataSource? _source;
    private int _state;
    private Task _sending = Task.CompletedTask;

    public EventNotifier(string connectionString, ILogger<EventNotifier>? logger = null)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString) { MaxPoolSize = 1, MinPoolSize = 0 };
        _source = NpgsqlDataSource.Create(builder.ConnectionString);
        _logger = logger ?? NullLogger<EventNotifier>.Instance;
        _send = async ct =>
        {
            await using var command = _source.CreateCommand($"SELECT pg_notify('{EventLocks.Channel}', '')");
            await command.ExecuteNonQueryAsync(ct);
        };
    }

    /// <summary>For tests: <paramref name="send"/> instead of a NOTIFY.</summary>
    internal EventNotifier(Func<CancellationToken, Task> send)
    {
        _send = send;
        _logger = NullLogger<EventNotifier>.Instance;
    }

    /// <summary>Called after a commit that wrote events; returns at once.</summary>
    public void Notify()
    {
        while (true)
        {
            var state = Volatile.Read(ref _state);
            if (state == SendingAndPending) return; // the pending send starts after this call, so after our commit
            if (Interlocked.CompareExchange(ref _state, state + 1, state) != state) continue;
            if (state == Idle) _sending = Task.Run(SendLoopAsync);
            return;
        }
    }

    private async Task SendLoopAsync()
    {
        while (true)
        {
            try
            {
                await _send(CancellationToken.None);
            }
            catch (Exception e)
            {
                LogSendFailed(_logger, e);
            }

            if (Interlocked.CompareExchange(ref _state, Idle, Sending) == Sending) return;
            Volatile.Write(ref _state, Sending); // it was SendingAndPending: once more, for the commits made meanwhile
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Event NOTIFY failed; the readers' periodic catch-up delivers the events")]
    private static partial void LogSendFailed(ILogger logger, Exception exception);

    public async ValueTask DisposeAsync()
    {
        await FlushAsync();
        if (_source is not null) await _source.DisposeAsync();
    }

    public void Dispose()
    {
        FlushAsync().GetAwaiter().GetResult();
        _source?.Dispose();
    }

    /// <summary>Waits (bounded) until no send is in flight or pending.</summary>
    internal async Task FlushAsync()
    {
        var deadline = DateTime.UtcNow + FlushTimeout;
        while (Volatile.Read(ref _state) != Idle && DateTime.UtcNow < deadline)
        {
            if (_sending.IsCompleted)
            {
                await Task.Delay(1).ConfigureAwait(false); // Notify has changed the state and is about to start the send
                continue;
            }

            try
            {
                await _sending.WaitAsync(FlushTimeout).ConfigureAwait(false);
            }
            catch (TimeoutException)
            {
                return;
            }
        }
    }
}
