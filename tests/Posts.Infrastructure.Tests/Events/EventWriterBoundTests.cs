using System.Collections.Concurrent;
using FluentAssertions;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;
using Posts.Application.Common.Events;
using Posts.Domain;
using Posts.Infrastructure.Events;
using Posts.Infrastructure.Persistence;
using Posts.Testing;
using Xunit;

namespace Posts.Infrastructure.Tests.Events;

/// <summary>
/// ADR-008: the horizon read waits for every writer holding the events' lock, so one writer that keeps its transaction
/// open would hold back every host's events. <c>Events:WriterTimeout</c> bounds it; the reader retries, never skips.
/// </summary>
public sealed class EventWriterBoundTests(PostgresDatabase database) : IClassFixture<PostgresDatabase>
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60); // a failure's timeout, never a measurement

    [Fact]
    public async Task A_writer_idle_in_its_transaction_past_the_bound_is_cut_off_and_the_events_behind_it_are_delivered()
    {
        await using var host = await EventsHost.StartAsync(database.ConnectionString, writerTimeout: "00:00:02");
        var author = await host.CreateUserAsync();

        // The long writer: its post and event written, the lock held, and then it does nothing.
        await using var longScope = host.Services.CreateAsyncScope();
        var longDb = longScope.ServiceProvider.GetRequiredService<PostsDbContext>();
        await using var longTransaction = await longDb.Database.BeginTransactionAsync(Ct);
        var (longPost, longEvent) = await WritePostAndEventAsync(longDb, author, "long");

        // A writer behind it commits (possibly after queueing behind the horizon read, which waits for the long one).
        var (_, behind) = await host.WritePostAsync(author, "behind");
        behind.Should().BeGreaterThan(longEvent);

        await host.Deliveries.WaitForAsync(behind, Patience);

        // The server ended the long writer's session: its commit fails, and nothing of it was committed.
        var commit = async () => await longTransaction.CommitAsync(Ct);
        await commit.Should().ThrowAsync<NpgsqlException>("idle_in_transaction_session_timeout ended the session");
        (await host.CountAsync($"SELECT count(*) FROM posts WHERE id = {longPost}")).Should().Be(0);
        (await host.CountAsync($"SELECT count(*) FROM events WHERE id = {longEvent}")).Should().Be(0);
        host.Deliveries.Ids.Should().Contain(behind).And.NotContain(longEvent).And.BeInAscendingOrder();
    }

    [Fact]
    public async Task A_statement_running_past_the_bound_is_cancelled_and_the_events_behind_it_are_delivered()
    {
        await using var host = await EventsHost.StartAsync(database.ConnectionString, writerTimeout: "00:00:02");
        var author = await host.CreateUserAsync();
        var (blocked, _) = await host.WritePostAsync(author, "locked row");

        // Someone else holds a row lock the writer will wait for, far longer than the bound.
        await using var holder = new NpgsqlConnection(database.ConnectionString);
        await holder.OpenAsync(Ct);
        await using var holding = await holder.BeginTransactionAsync(Ct);
        await using (var lockRow = new NpgsqlCommand($"SELECT id FROM posts WHERE id = {blocked} FOR UPDATE", holder, holding))
            await lockRow.ExecuteNonQueryAsync(Ct);

        await using var longScope = host.Services.CreateAsyncScope();
        var longDb = longScope.ServiceProvider.GetRequiredService<PostsDbContext>();
        long longPost, longEvent;
        await using (var longTransaction = await longDb.Database.BeginTransactionAsync(Ct))
        {
            (longPost, longEvent) = await WritePostAndEventAsync(longDb, author, "long");
            var wait = async () => await longDb.Database.ExecuteSqlAsync($"SELECT id FROM posts WHERE id = {blocked} FOR UPDATE", Ct);
            (await wait.Should().ThrowAsync<PostgresException>()).Which.SqlState.Should().Be(PostgresErrorCodes.QueryCanceled);
        } // as a handler's failure would: the transaction is rolled back

        var (_, behind) = await host.WritePostAsync(author, "behind");
        await host.Deliveries.WaitForAsync(behind, Patience);
        (await host.CountAsync($"SELECT count(*) FROM posts WHERE id = {longPost}")).Should().Be(0);
        (await host.CountAsync($"SELECT count(*) FROM events WHERE id = {longEvent}")).Should().Be(0);
        host.Deliveries.Ids.Should().NotContain(longEvent).And.BeInAscendingOrder();
        await holding.RollbackAsync(Ct);
    }

    [Fact]
    public async Task When_the_horizon_read_times_out_the_reader_retries_and_delivers_every_event_in_order_without_a_gap()
    {
        await using var host = await EventsHost.StartAsync(database.ConnectionString, writerTimeout: "00:00:02");
        var author = await host.CreateUserAsync();

        // A writer outside the bound (a process with no WriterTimeout) holds the lock with an event in flight until the
        // reader's own 5 s lock_timeout has fired at least once.
        await using var unbounded = new NpgsqlConnection(database.ConnectionString);
        await unbounded.OpenAsync(Ct);
        var transaction = await unbounded.BeginTransactionAsync(Ct);
        await using (var take = new NpgsqlCommand($"SELECT pg_advisory_xact_lock_shared({EventLocks.Key})", unbounded, transaction))
            await take.ExecuteNonQueryAsync(Ct);
        long first;
        await using (var insert = new NpgsqlCommand(
            $"INSERT INTO events (type, user_id, payload, created_at) VALUES ('{EventTypes.PostCreated}', {author}, '{{}}', now()) RETURNING id",
            unbounded, transaction))
            first = (long)(await insert.ExecuteScalarAsync(Ct))!;

        await host.Logs.WaitForAsync(m => m.Contains("lock timeout", StringComparison.Ordinal), Patience);
        var (_, second) = await host.WritePostAsync(author, "after the timeout");
        await transaction.CommitAsync(Ct);

        await host.Deliveries.WaitForAsync(second, Patience);
        host.Deliveries.Ids.Should().Equal(first, second);
    }

    [Fact]
    public async Task An_event_writer_takes_the_lock_before_it_draws_the_events_id()
    {
        await using var host = await EventsHost.StartAsync(database.ConnectionString, writerTimeout: "00:00:02");
        var author = await host.CreateUserAsync();
        const string drawn = "SELECT coalesce(pg_sequence_last_value(pg_get_serial_sequence('events', 'id')::regclass), 0)";

        // A reader's exclusive hold, for as long as the test wants: the writer must wait for it before its event has an id.
        await using var reader = new NpgsqlConnection(database.ConnectionString);
        await reader.OpenAsync(Ct);
        var holding = await reader.BeginTransactionAsync(Ct);
        await using (var take = new NpgsqlCommand($"SELECT pg_advisory_xact_lock({EventLocks.Key})", reader, holding))
            await take.ExecuteNonQueryAsync(Ct);
        var before = await host.CountAsync(drawn);

        var writing = host.WritePostAsync(author, "waits for the lock");
        var waiter = await host.WaitForAsync($"""
            SELECT coalesce(min(pid), 0)::bigint FROM pg_locks
            WHERE locktype = 'advisory' AND mode = 'ShareLock' AND NOT granted
              AND database = (SELECT oid FROM pg_database WHERE datname = current_database())
            """, Patience);

        // It waits in the lock block sent with its event's insert (Npgsql reports each statement of a batch on its own):
        // the post is written, the event's id not drawn yet.
        (await host.CountAsync($"SELECT count(*) FROM pg_stat_activity WHERE pid = {waiter} AND query LIKE 'DO $events_lock$%'"))
            .Should().Be(1);
        (await host.CountAsync(drawn)).Should().Be(before);
        writing.IsCompleted.Should().BeFalse();

        await holding.CommitAsync(Ct);
        var (_, written) = await writing.WaitAsync(Patience, Ct);
        written.Should().BeGreaterThan(before);
        await host.Deliveries.WaitForAsync(written, Patience);
    }

    [Fact]
    public async Task An_event_writers_transaction_holds_the_lock_and_the_bound_until_it_ends()
    {
        await using var host = await EventsHost.StartAsync(database.ConnectionString, writerTimeout: "00:00:02");
        var author = await host.CreateUserAsync();
        await using var scope = host.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PostsDbContext>();
        await db.Database.OpenConnectionAsync(Ct); // the same session before and after the transaction
        await using var transaction = await db.Database.BeginTransactionAsync(Ct);
        await WritePostAndEventAsync(db, author, "holds");

        var pid = await ScalarAsync(db, "SELECT pg_backend_pid()");
        (await host.CountAsync($"SELECT count(*) FROM pg_locks WHERE pid = {pid} AND locktype = 'advisory' AND mode = 'ShareLock' AND granted"))
            .Should().Be(1);
        (await ScalarAsync(db, "SELECT current_setting('statement_timeout')")).Should().Be("2s");
        (await ScalarAsync(db, "SELECT current_setting('idle_in_transaction_session_timeout')")).Should().Be("2s");
        await transaction.CommitAsync(Ct);
        (await ScalarAsync(db, "SELECT current_setting('statement_timeout')")).Should().Be("0", "SET LOCAL ends with the transaction");
        (await host.CountAsync($"SELECT count(*) FROM pg_locks WHERE pid = {pid} AND locktype = 'advisory'")).Should().Be(0);
    }

    [Fact]
    public async Task With_event_writes_off_the_change_commits_and_no_event_row_is_written()
    {
        await using var host = await EventsHost.StartAsync(database.ConnectionString, writerTimeout: "00:00:02", write: false);
        var author = await host.CreateUserAsync();
        var before = await host.CountAsync("SELECT count(*) FROM events");

        var (post, _) = await host.WritePostAsync(author, "no event");

        (await host.CountAsync($"SELECT count(*) FROM posts WHERE id = {post}")).Should().Be(1);
        (await host.CountAsync("SELECT count(*) FROM events")).Should().Be(before);
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>One value, on the context's connection and in its transaction if it has one.</summary>
    private static async Task<object?> ScalarAsync(PostsDbContext db, string sql)
    {
        await using var command = db.Database.GetDbConnection().CreateCommand();
        command.Transaction = db.Database.CurrentTransaction?.GetDbTransaction();
        command.CommandText = sql;
        return await command.ExecuteScalarAsync(Ct);
    }

    /// <summary>As CreatePost does it: the post, then its event, in the caller's transaction.</summary>
    private static async Task<(long Post, long Event)> WritePostAndEventAsync(PostsDbContext db, long author, string title)
    {
        var now = DateTimeOffset.UtcNow;
        var post = Post.Create(author, title, "body", now);
        db.Posts.Add(post);
        await db.SaveChangesAsync(Ct);
        var e = Event.PostCreated(post, $"{{\"id\":{post.Id}}}", now);
        db.Events.Add(e);
        await db.SaveChangesAsync(Ct);
        return (post.Id, e.Id);
    }

    /// <summary>Infrastructure as a host wires it, with its event hub running and a subscriber recording what it delivers.</summary>
    private sealed class EventsHost : IAsyncDisposable
    {
        private readonly ServiceProvider _services;
        private readonly EventHub _hub;
        private readonly string _connectionString;

        private EventsHost(ServiceProvider services, string connectionString)
        {
            _services = services;
            _connectionString = connectionString;
            _hub = services.GetRequiredService<EventHub>();
        }

        public IServiceProvider Services => _services;

        public Deliveries Deliveries => _services.GetRequiredService<Deliveries>();

        public LogLines Logs => _services.GetRequiredService<LogLines>();

        public static async Task<EventsHost> StartAsync(string connectionString, string writerTimeout, bool write = true)
        {
            var configuration = new ConfigurationBuilder().AddInMemoryCollection([
                new($"ConnectionStrings:{DependencyInjection.ConnectionStringName}", connectionString),
                new("Events:WriterTimeout", writerTimeout),
                new("Events:Write", write ? "true" : "false"),
            ]).Build();
            var logs = new LogLines();
            var services = new ServiceCollection()
                .AddSingleton<IConfiguration>(configuration)
                .AddSingleton(TimeProvider.System)
                .AddSingleton<Deliveries>()
                .AddSingleton<IEventSubscriber>(sp => sp.GetRequiredService<Deliveries>())
                .AddSingleton(logs)
                .AddLogging(logging => logging.AddProvider(logs))
                .AddInfrastructure(configuration)
                .AddEventHub(configuration)
                .BuildServiceProvider();
            var host = new EventsHost(services, connectionString);
            await host._hub.StartAsync(Ct);
            await host._hub.Started.WaitAsync(Patience, Ct);
            return host;
        }

        public async Task<long> CreateUserAsync()
        {
            await using var scope = _services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<PostsDbContext>();
            var user = User.Create($"u{Guid.NewGuid():N}"[..20], "Writer", "not a real hash", false, DateTimeOffset.UtcNow);
            db.Users.Add(user);
            await db.SaveChangesAsync(Ct);
            return user.Id;
        }

        /// <summary>A post and its event, committed.</summary>
        public async Task<(long Post, long Event)> WritePostAsync(long author, string title)
        {
            await using var scope = _services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<PostsDbContext>();
            await using var transaction = await db.Database.BeginTransactionAsync(Ct);
            var written = await WritePostAndEventAsync(db, author, title);
            await transaction.CommitAsync(Ct);
            return written;
        }

        public async Task<long> CountAsync(string sql)
        {
            await using var connection = new NpgsqlConnection(_connectionString);
            await connection.OpenAsync(Ct);
            await using var command = new NpgsqlCommand(sql, connection);
            return (long)(await command.ExecuteScalarAsync(Ct))!;
        }

        /// <summary>Polls <paramref name="sql"/> (a bigint) until it is not 0, and returns it.</summary>
        public async Task<long> WaitForAsync(string sql, TimeSpan timeout)
        {
            using var patience = CancellationTokenSource.CreateLinkedTokenSource(Ct);
            patience.CancelAfter(timeout);
            while (true)
            {
                var value = await CountAsync(sql);
                if (value != 0) return value;
                await Task.Delay(10, patience.Token);
            }
        }

        public async ValueTask DisposeAsync()
        {
            await _hub.StopAsync(CancellationToken.None);
            await _services.DisposeAsync();
        }
    }

    /// <summary>The ids the hub delivered, in delivery order; a wait for one of them.</summary>
    private sealed class Deliveries : IEventSubscriber
    {
        private readonly List<long> _ids = [];
        private readonly ConcurrentDictionary<long, TaskCompletionSource> _waits = new();

        public IReadOnlyList<long> Ids
        {
            get
            {
                lock (_ids) return [.. _ids];
            }
        }

        public void Deliver(IReadOnlyList<EventRecord> batch)
        {
            lock (_ids) _ids.AddRange(batch.Select(e => e.Id));
            foreach (var e in batch) Wait(e.Id).TrySetResult();
        }

        public Task WaitForAsync(long id, TimeSpan timeout) => Wait(id).Task.WaitAsync(timeout, Ct);

        private TaskCompletionSource Wait(long id) => _waits.GetOrAdd(id, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
    }

    /// <summary>Every log message (the hub's retries among them), and a wait for one that matches.</summary>
    private sealed class LogLines : ILoggerProvider, ILogger
    {
        private readonly List<string> _lines = [];
        private readonly List<(Func<string, bool> Match, TaskCompletionSource Seen)> _waits = [];

        public ILogger CreateLogger(string categoryName) => this;

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Warning;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (!IsEnabled(logLevel)) return;
            var line = formatter(state, exception);
            lock (_lines)
            {
                _lines.Add(line);
                foreach (var (match, seen) in _waits.Where(w => w.Match(line))) seen.TrySetResult();
            }
        }

        public Task WaitForAsync(Func<string, bool> match, TimeSpan timeout)
        {
            var seen = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            lock (_lines)
            {
                if (_lines.Any(match)) seen.TrySetResult();
                else _waits.Add((match, seen));
            }

            return seen.Task.WaitAsync(timeout, Ct);
        }

        public void Dispose()
        {
        }
    }
}
