using System.Data.Common;
using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.Options;
using Posts.Domain;

namespace Posts.Infrastructure.Events;

/// <summary>How event-writing transactions behave, bound from the <c>Events</c> configuration section (every process that writes, the CLI too).</summary>
public sealed class EventWriteOptions
{
    /// <summary>
    /// The longest any one statement of an event-writing transaction, or any pause between its statements, may take
    /// once it holds the events' lock; beyond it PostgreSQL cancels the statement or ends the session, and the
    /// transaction rolls back. It bounds how long one writer can hold back every host's events (ADR-008).
    /// <see cref="TimeSpan.Zero"/>: no bound.
    /// </summary>
    public TimeSpan WriterTimeout { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// For measurement only: <c>false</c> drops the event rows this process would write (no row, no lock, no NOTIFY).
    /// A host that writes no events breaks live events and cross-host revocation.
    /// </summary>
    public bool Write { get; set; } = true;
}

/// <summary>
/// Makes every event write safe to read in id order and wakes the readers:
/// a SaveChanges that inserts events first takes the events' advisory lock in shared mode (writers never wait for
/// each other; the horizon read waits for them) and bounds its transaction by <see cref="EventWriteOptions.WriterTimeout"/>
/// — both before the first command SaveChanges sends, so before the event's <c>INSERT</c> draws its id, and when that
/// command is the event's insert alone, in the same round trip —, and after the commit it has the
/// process's <see cref="EventNotifier"/> send <c>NOTIFY</c>: after, not inside, the transaction, because a NOTIFY in
/// the transaction serialises every notifying commit on one instance-wide lock; and not on the request's connection,
/// so the request does not wait for it (ADR-008).
/// One instance per DbContext (scoped).
/// </summary>
internal sealed class EventWriteInterceptor(IOptions<EventWriteOptions> options, EventNotifier notifier)
    : ISaveChangesInterceptor, IDbCommandInterceptor, IDbTransactionInterceptor
{
    private bool _lockBeforeNextCommand;
    private bool _notifyAfterCommit;

    public ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(SavingChanges(eventData, result));

    public InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        var context = eventData.Context!;
        var added = context.ChangeTracker.Entries<Event>().Where(e => e.State == EntityState.Added).ToList();
        if (added.Count == 0) return result;
        if (!options.Value.Write)
        {
            foreach (var entry in added) entry.State = EntityState.Detached;
            return result;
        }

        // Every SaveChanges that adds events takes the lock (again: a no-op when the transaction holds it already), so
        // no event insert goes without it. SaveChanges always runs in a
        // transaction (AutoTransactionBehavior.Always), and the commands it sends come next, in that transaction.
        _lockBeforeNextCommand = true;
        _notifyAfterCommit = true;
        return result;
    }

    public void SaveChangesFailed(DbContextErrorEventData eventData) => _lockBeforeNextCommand = false;

    public void SaveChangesCanceled(DbContextEventData eventData) => _lockBeforeNextCommand = false;

    public Task SaveChangesCanceledAsync(DbContextEventData eventData, CancellationToken cancellationToken = default)
    {
        _lockBeforeNextCommand = false;
        return Task.CompletedTask;
    }

    public Task SaveChangesFailedAsync(DbContextErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        _lockBeforeNextCommand = false;
        return Task.CompletedTask;
    }

    public InterceptionResult<DbDataReader> ReaderExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result)
    {
        LockBeforeAsync(command, sync: true, CancellationToken.None).GetAwaiter().GetResult();
        return result;
    }

    public async ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
    {
        await LockBeforeAsync(command, sync: false, cancellationToken);
        return result;
    }

    public InterceptionResult<int> NonQueryExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<int> result)
    {
        LockBeforeAsync(command, sync: true, CancellationToken.None).GetAwaiter().GetResult();
        return result;
    }

    public async ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        await LockBeforeAsync(command, sync: false, cancellationToken);
        return result;
    }

    public InterceptionResult<object> ScalarExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<object> result)
    {
        LockBeforeAsync(command, sync: true, CancellationToken.None).GetAwaiter().GetResult();
        return result;
    }

    public async ValueTask<InterceptionResult<object>> ScalarExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<object> result, CancellationToken cancellationToken = default)
    {
        await LockBeforeAsync(command, sync: false, cancellationToken);
        return result;
    }

    public void TransactionCommitted(DbTransaction transaction, TransactionEndEventData eventData)
    {
        if (!_notifyAfterCommit) return;
        _notifyAfterCommit = false;
        notifier.Notify();
    }

    public Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        TransactionCommitted(transaction, eventData);
        return Task.CompletedTask;
    }

    public void TransactionRolledBack(DbTransaction transaction, TransactionEndEventData eventData)
    {
        _notifyAfterCommit = false;
        _lockBeforeNextCommand = false;
    }

    public Task TransactionRolledBackAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        TransactionRolledBack(transaction, eventData);
        return Task.CompletedTask;
    }

    /// <summary>
    /// Takes the lock shared before the first command of a SaveChanges that adds events, then — so that waiting for
    /// the lock is not counted — bounds the rest of the transaction: every later statement by <c>statement_timeout</c>,
    /// every pause between them by <c>idle_in_transaction_session_timeout</c> (which ends the session). Both are
    /// transaction-local (<c>set_config(…, true)</c> = <c>SET LOCAL</c>), so the pooled connection is as before once the
    /// transaction ends. PostgreSQL 15 has no <c>transaction_timeout</c> (17 does), so this bounds each step, not their sum.
    /// <para>
    /// When the command is the event's <c>INSERT … RETURNING</c> alone (CreatePost, CreateComment, UpdatePost, …: the
    /// payload needs the change's id or version, so the event has a SaveChanges of its own), all of that goes in front
    /// of it as one <c>DO</c> block: no result set, so EF Core's reader still starts at the insert's <c>RETURNING</c>,
    /// and Npgsql sends both statements in one round trip. Any other command gets the block as a command of its own,
    /// one round trip before it: EF Core checks a batch's <c>UPDATE</c>s and <c>DELETE</c>s by their position among the
    /// reader's statements, which a statement put in front would shift.
    /// </para>
    /// </summary>
    private async Task LockBeforeAsync(DbCommand command, bool sync, CancellationToken ct)
    {
        if (!_lockBeforeNextCommand) return;
        _lockBeforeNextCommand = false;
        if (command.Transaction is null)
            throw new InvalidOperationException("Events written outside a transaction: the events' lock would not be held until commit.");
        var block = LockBlock(options.Value.WriterTimeout);
        if (IsLoneEventInsert(command.CommandText))
        {
            command.CommandText = block + "\n" + command.CommandText;
            return;
        }

        await using var lockCommand = command.Connection!.CreateCommand();
        lockCommand.Transaction = command.Transaction;
        lockCommand.CommandText = block;
        if (sync) lockCommand.ExecuteNonQuery();
        else await lockCommand.ExecuteNonQueryAsync(ct);
    }

    /// <summary>One statement, an <c>INSERT INTO events … RETURNING …</c> (as EF Core writes it: values as parameters).</summary>
    internal static bool IsLoneEventInsert(string sql)
    {
        var text = sql.AsSpan().Trim();
        var table = text.StartsWith("INSERT INTO events", StringComparison.Ordinal) ? "INSERT INTO events".Length
            : text.StartsWith("INSERT INTO \"events\"", StringComparison.Ordinal) ? "INSERT INTO \"events\"".Length : -1;
        if (table < 0 || table == text.Length || !(char.IsWhiteSpace(text[table]) || text[table] == '(')) return false;
        var semicolon = text.IndexOf(';');
        return (semicolon < 0 || semicolon == text.Length - 1) && text.Contains("RETURNING", StringComparison.Ordinal);
    }

    internal static string LockBlock(TimeSpan writerTimeout)
    {
        var bound = "";
        if (writerTimeout > TimeSpan.Zero)
        {
            var milliseconds = Math.Max(1, (long)writerTimeout.TotalMilliseconds).ToString(CultureInfo.InvariantCulture);
            bound = $" PERFORM set_config('statement_timeout', '{milliseconds}', true);"
                + $" PERFORM set_config('idle_in_transaction_session_timeout', '{milliseconds}', true);";
        }

        return $"DO $events_lock$BEGIN PERFORM pg_advisory_xact_lock_shared({EventLocks.Key.ToString(CultureInfo.InvariantCulture)});{bound} END$events_lock$;";
    }
}
