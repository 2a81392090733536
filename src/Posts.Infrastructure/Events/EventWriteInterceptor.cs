using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Posts.Domain;

namespace Posts.Infrastructure.Events;

/// <summary>
/// Makes every event write safe to read in id order and wakes the readers:
/// a transaction that inserts events first takes the events' advisory lock in shared mode (writers never wait for
/// each other; the horizon read waits for them), and after its commit it sends <c>NOTIFY</c> — after, not inside,
/// because a NOTIFY in the transaction serialises every notifying commit on one instance-wide lock (ADR-008).
/// One instance per DbContext (scoped).
/// </summary>
internal sealed class EventWriteInterceptor : ISaveChangesInterceptor, IDbTransactionInterceptor
{
    private bool _lockWhenTransactionStarts;
    private bool _notifyAfterCommit;

    public async ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        var context = eventData.Context!;
        if (!context.ChangeTracker.Entries<Event>().Any(e => e.State == EntityState.Added)) return result;

        _notifyAfterCommit = true;
        if (context.Database.CurrentTransaction is null) _lockWhenTransactionStarts = true; // SaveChanges opens one (AutoTransactionBehavior.Always)
        else await context.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock_shared({EventLocks.Key})", cancellationToken);
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
        await using var command = connection.CreateCommand();
        command.Transaction = result;
        command.CommandText = $"SELECT pg_advisory_xact_lock_shared({EventLocks.Key})";
        await command.ExecuteNonQueryAsync(cancellationToken);
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
}
