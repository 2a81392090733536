using System.Text.Json;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Posts.Application.Common.Abstractions;
using Posts.Application.Common.Events;
using Posts.Application.Common.Json;
using Posts.Application.Tokens;
using Posts.Domain;

namespace Posts.Infrastructure.Events;

/// <summary>Settings of the event fan-out, bound from the <c>Events</c> configuration section.</summary>
public sealed class EventOptions
{
    public const string Section = "Events";

    /// <summary>The periodic catch-up read that covers a lost NOTIFY or a dropped listening connection.</summary>
    public TimeSpan CatchUpInterval { get; set; } = TimeSpan.FromSeconds(1);

    public int BatchSize { get; set; } = 500;

    /// <summary>How long events are kept (and so how far back <c>posts.subscribe {after}</c> can replay).</summary>
    public TimeSpan Retention { get; set; } = TimeSpan.FromDays(7);

    public TimeSpan PruneInterval { get; set; } = TimeSpan.FromHours(1);
}

/// <summary>Receives each batch of new events, in id order, once. Delivery must not wait on any one client.</summary>
public interface IEventSubscriber
{
    void Deliver(IReadOnlyList<EventRecord> batch);
}

/// <summary>
/// One per host: one listening connection (reconnecting with backoff), one read per batch of new events — not one
/// per subscriber — handed to the host's subscribers in id order; session events end sessions on every host.
/// </summary>
public sealed partial class EventHub(
    IEventFeed feed, IEnumerable<IEventSubscriber> subscribers, IEnumerable<ISessionListener> sessions,
    IOptions<EventOptions> options, TimeProvider clock, ILogger<EventHub> logger) : BackgroundService
{
    private readonly Lock _delivery = new();
    private readonly TaskCompletionSource _started = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long _cursor;

    /// <summary>Every event with an id at or below this has been delivered.</summary>
    public long Cursor => Interlocked.Read(ref _cursor);

    /// <summary>Completes once the hub knows where the table stands.</summary>
    public Task Started => _started.Task;

    /// <summary>Runs <paramref name="action"/> between two deliveries, so a subscriber can switch from replay to live without a gap.</summary>
    public T BetweenDeliveries<T>(Func<long, T> action)
    {
        lock (_delivery) return action(Cursor);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var backoff = TimeSpan.FromMilliseconds(100);
        var nextPrune = clock.GetUtcNow();
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (!_started.Task.IsCompleted)
                {
                    Interlocked.Exchange(ref _cursor, await feed.HorizonAsync(stoppingToken));
                    _started.TrySetResult();
                }

                await feed.WaitForHintAsync(options.Value.CatchUpInterval, stoppingToken);
                await CatchUpAsync(stoppingToken);
                if (clock.GetUtcNow() >= nextPrune)
                {
                    await feed.PruneAsync(clock.GetUtcNow() - options.Value.Retention, stoppingToken);
                    nextPrune = clock.GetUtcNow() + options.Value.PruneInterval;
                }

                backoff = TimeSpan.FromMilliseconds(100);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                LogRetry(logger, e.Message, backoff.TotalMilliseconds);
                await Task.Delay(backoff, clock, stoppingToken).ContinueWith(_ => { }, TaskScheduler.Default);
                backoff = TimeSpan.FromMilliseconds(Math.Min(backoff.TotalMilliseconds * 2, 5_000));
            }
        }
    }

    /// <summary>Reads and delivers everything up to the horizon, a page at a time.</summary>
    internal async Task CatchUpAsync(CancellationToken ct)
    {
        var horizon = await feed.HorizonAsync(ct);
        while (Cursor < horizon)
        {
            var batch = await feed.ReadAsync(Cursor, horizon, options.Value.BatchSize, ct);
            var upTo = batch.Count < options.Value.BatchSize ? horizon : batch[^1].Id;
            EndSessions(batch);
            lock (_delivery)
            {
                if (batch.Count > 0)
                {
                    foreach (var subscriber in subscribers) subscriber.Deliver(batch);
                }

                Interlocked.Exchange(ref _cursor, upTo);
            }
        }
    }

    private void EndSessions(IReadOnlyList<EventRecord> batch)
    {
        foreach (var e in batch)
        {
            var ended = e.Type switch
            {
                EventTypes.TokensRevoked => JsonSerializer.Deserialize<TokensRevokedPayload>(e.Payload, WireJson.Options),
                EventTypes.UserDisabled => new TokensRevokedPayload(e.UserId, null, null, false, SessionEndReasons.Disabled),
                _ => null,
            };
            if (ended is null) continue;
            foreach (var listener in sessions) listener.SessionsEnded(ended);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Event fan-out: {Reason}; retrying in {DelayMs} ms")]
    private static partial void LogRetry(ILogger logger, string reason, double delayMs);
}
