using Npgsql;
using Posts.Application.Common.Events;

namespace Posts.Infrastructure.Events;

/// <summary>The events table read through Npgsql: the horizon, pages by id, the LISTEN hint, pruning.</summary>
internal sealed class PostgresEventFeed(EventsDataSource source) : IEventFeed, IAsyncDisposable
{
    private const int MaxHintsPerWait = 1_000; // bounds the drain when hints keep coming faster than 1 ms apart
    private static readonly TimeSpan DrainTimeout = TimeSpan.FromMilliseconds(1);

    private NpgsqlConnection? _listener;

    public async Task<long> HorizonAsync(CancellationToken ct)
    {
        await using var connection = await source.DataSource.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        // Waits for the writers that are inserting events right now (they hold the lock shared), and no longer.
        await using (var wait = new NpgsqlCommand("SET LOCAL lock_timeout = '5s'; SELECT pg_advisory_xact_lock(@key)", connection, transaction))
        {
            wait.Parameters.AddWithValue("key", EventLocks.Key);
            await wait.ExecuteNonQueryAsync(ct);
        }

        await using var max = new NpgsqlCommand("SELECT coalesce(max(id), 0) FROM events", connection, transaction);
        var horizon = (long)(await max.ExecuteScalarAsync(ct))!;
        await transaction.CommitAsync(ct);
        return horizon;
    }

    public async Task<IReadOnlyList<EventRecord>> ReadAsync(long after, long upTo, int limit, CancellationToken ct)
    {
        await using var command = source.DataSource.CreateCommand("""
            SELECT id, type, post_id, comment_id, user_id, payload::text, created_at FROM events
            WHERE id > @after AND id <= @upTo ORDER BY id LIMIT @limit
            """);
        command.Parameters.AddWithValue("after", after);
        command.Parameters.AddWithValue("upTo", upTo);
        command.Parameters.AddWithValue("limit", limit);
        await using var reader = await command.ExecuteReaderAsync(ct);
        var events = new List<EventRecord>();
        while (await reader.ReadAsync(ct))
        {
            events.Add(new EventRecord(reader.GetInt64(0), reader.GetString(1),
                reader.IsDBNull(2) ? null : reader.GetInt64(2), reader.IsDBNull(3) ? null : reader.GetInt64(3),
                reader.IsDBNull(4) ? null : reader.GetInt64(4), reader.GetString(5), reader.GetFieldValue<DateTimeOffset>(6)));
        }

        return events;
    }

    public async Task<long?> OldestAsync(CancellationToken ct)
    {
        await using var command = source.DataSource.CreateCommand("SELECT min(id) FROM events");
        return await command.ExecuteScalarAsync(ct) is long id ? id : null;
    }

    public async Task WaitForHintAsync(TimeSpan timeout, CancellationToken ct)
    {
        try
        {
            if (_listener is null)
            {
                _listener = await source.DataSource.OpenConnectionAsync(ct);
                await using var listen = new NpgsqlCommand($"LISTEN {EventLocks.Channel}", _listener);
                await listen.ExecuteNonQueryAsync(ct);
            }

            if (!await _listener.WaitAsync(timeout, ct)) return;

            // One hint is enough for one read: take every notification already received too. Reading one per call
            // let a backlog build under steady writes (a horizon read per NOTIFY), and a dropped listening
            // connection went unnoticed behind it, its error queued after thousands of hints.
            for (var i = 0; i < MaxHintsPerWait && await _listener.WaitAsync(DrainTimeout, ct); i++)
            {
            }
        }
        catch (Exception e) when (e is NpgsqlException or InvalidOperationException or System.IO.IOException)
        {
            // The listening connection broke (e.g. pg_terminate_backend): drop it; the caller's catch-up read
            // covers whatever was committed meanwhile, and the next wait reconnects.
            await DropListenerAsync();
            throw;
        }
    }

    public async Task<int> PruneAsync(DateTimeOffset before, CancellationToken ct)
    {
        await using var command = source.DataSource.CreateCommand("DELETE FROM events WHERE created_at < @before");
        command.Parameters.AddWithValue("before", before);
        return await command.ExecuteNonQueryAsync(ct);
    }

    public async ValueTask DisposeAsync() => await DropListenerAsync();

    private async Task DropListenerAsync()
    {
        if (_listener is null) return;
        var listener = _listener;
        _listener = null;
        await listener.DisposeAsync();
    }
}

/// <summary>A data source of its own for the event machinery, so LISTEN and the fan-out never queue behind requests.</summary>
internal sealed class EventsDataSource(string connectionString) : IAsyncDisposable
{
    public NpgsqlDataSource DataSource { get; } = NpgsqlDataSource.Create(connectionString);

    public ValueTask DisposeAsync() => DataSource.DisposeAsync();
}
