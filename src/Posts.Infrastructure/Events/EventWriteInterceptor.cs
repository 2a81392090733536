using System.Data.Common;
using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Storage;
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
/// a transaction that inserts events first takes the events' advisory lock in shared mode (writers never wait for
/// each other; the horizon read waits for them) and bounds itself by <see cref="EventWriteOptions.WriterTimeout"/>,
/// and after its commit it sends <c>NOTIFY</c> — after, not inside, because a NOTIFY in the transaction serialises
/// every notifying commit on one instance-wide lock (ADR-008).
/// One instance per DbContext (scoped).
/// </summary>
internal sealed class EventWriteInterceptor(IOptions<EventWriteOptions> options) : ISaveChangesInterceptor, IDbTransactionInterceptor
{
    private bool _lockWhenTransactionStarts;
    private bool _notifyAfterCommit;

    public async ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        var context = eventData.Context!;
        var added = context.ChangeTracker.Entries<Event>().Where(e => e.State == EntityState.Added).ToList();
        if (added.Count == 0) return result;
        if (!options.Value.Write)
        {
            foreach (var entry in added) entry.State = EntityState.Detached;
            return result;
        }

        _notifyAfterCommit = true;
        if (context.Database.CurrentTransaction is not { } transaction) _lockWhenTransactionStarts = true; // SaveChanges opens one (AutoTransactionBehavior.Always)
        else await LockAsync(context.Database.GetDbConnection(), transaction.GetDbTransaction(), cancellationToken);
        return result;
    }

    public InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result) =>
        SavingChangesAsync(eventData, result).AsTask().GetAwaiter().GetResult();

    public DbTransaction TransactionStarted(DbConnection connection, TransactionEndEventData eventData, DbTransaction result) =>
        TransactionStartedAsync(connection, eventData, result).AsTask().GetAwaiter().GetResult();

    public void TransactionCommitted(DbTransaction transaction, TransactionEndEventData eventData) =>
        TransactionCommittedAsync(transaction, eventData).GetAwaiter().GetResult();

    public async ValueTask<DbTransaction> TransactionStartedAsync(DbConnection connection, TransactionEndEventData eventData, DbTransaction result, CancellationToken cancellationToken = default)
    {
        if (!_lockWhenTransactionStarts) return result;
        _lockWhenTransactionStarts = false;
        await LockAsync(connection, result, cancellationToken);
        return result;
    }

    public async Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        if (!_notifyAfterCommit) return;
        _notifyAfterCommit = false;
        // A lost hint (the process dies right here) only delays delivery until the readers' periodic catch-up.
        await using var command = eventData.Context!.Database.GetDbConnection().CreateCommand();
        command.CommandText = $"SELECT pg_notify('{EventLocks.Channel}', '')";
        await command.ExecuteNonQueryAsync(CancellationToken.None);
    }

    public Task TransactionRolledBackAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        _notifyAfterCommit = false;
        _lockWhenTransactionStarts = false;
        return Task.CompletedTask;
    }

    /// <summary>
    /// Takes the lock shared, then — so that waiting for the lock is not counted — bounds the rest of the transaction:
    /// every later statement by <c>statement_timeout</c>, every pause between them by
    /// <c>idle_in_transaction_session_timeout</c> (which ends the session). Both are transaction-local
    /// (<c>set_config(…, true)</c> = <c>SET LOCAL</c>), so the pooled connection is as before once the transaction ends.
    /// PostgreSQL 15 has no <c>transaction_timeout</c> (17 does), so this bounds each step, not their sum.
    /// </summary>
    private async Task LockAsync(DbConnection connection, DbTransaction transaction, CancellationToken ct)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        var key = command.CreateParameter();
        key.ParameterName = "key";
        key.Value = EventLocks.Key;
        command.Parameters.Add(key);
        command.CommandText = "SELECT pg_advisory_xact_lock_shared(@key)";
        var timeout = options.Value.WriterTimeout;
        if (timeout > TimeSpan.Zero)
        {
            var milliseconds = command.CreateParameter();
            milliseconds.ParameterName = "timeout";
            milliseconds.Value = Math.Max(1, (long)timeout.TotalMilliseconds).ToString(CultureInfo.InvariantCulture);
            command.Parameters.Add(milliseconds);
            command.CommandText += "; SELECT set_config('statement_timeout', @timeout, true), set_config('idle_in_transaction_session_timeout', @timeout, true)";
        }

        await command.ExecuteNonQueryAsync(ct);
    }
}
