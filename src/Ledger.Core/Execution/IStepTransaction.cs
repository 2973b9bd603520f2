using Ledger.Journal;

namespace Ledger.Execution;

/// <summary>
/// One step's transaction. Disposing it without <see cref="CommitAsync"/> rolls everything back: no statement of
/// the step remains, and no journal row. Disposing also restores the connection's foreign-key setting.
/// </summary>
public interface IStepTransaction : IAsyncDisposable
{
    /// <summary>Re-reads the journal inside the transaction (another runner may have moved the database).</summary>
    Task<JournalState> ReadJournalAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Re-reads the journal inside the transaction when another connection may have changed the database since this
    /// connection last read its journal; null when none can have (this connection's own commits do not count: the
    /// caller knows them). An engine that cannot tell reads it every time.
    /// </summary>
    Task<JournalState?> ReadJournalIfChangedAsync(CancellationToken cancellationToken);

    /// <summary>Runs one statement.</summary>
    /// <exception cref="System.Data.Common.DbException">The statement failed.</exception>
    Task ExecuteAsync(string sql, CancellationToken cancellationToken);

    /// <summary>Foreign key violations and mismatches as the transaction sees the database.</summary>
    Task<ForeignKeyReport> CheckForeignKeysAsync(CancellationToken cancellationToken);

    /// <summary>Inserts a journal row.</summary>
    Task RecordAsync(JournalEntry entry, CancellationToken cancellationToken);

    /// <summary>Deletes an edge's journal row (rollback).</summary>
    Task RemoveAsync(string scope, string from, string to, CancellationToken cancellationToken);

    /// <summary>Commits.</summary>
    Task CommitAsync(CancellationToken cancellationToken);
}
