using Ledger.Journal;

namespace Ledger.Execution;

/// <summary>An open database.</summary>
public interface IMigrationConnection : IAsyncDisposable
{
    /// <summary>The database.</summary>
    DatabaseTarget Target { get; }

    /// <summary>Reads the journal; a database without one is at <c>baseline</c>.</summary>
    Task<JournalState> ReadJournalAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Opens a step's transaction: foreign keys off (set outside the transaction), then a transaction that holds
    /// the write lock at once (<c>BEGIN IMMEDIATE</c> on SQLite), with the journal table created inside it.
    /// Waits for other writers up to the busy timeout.
    /// </summary>
    Task<IStepTransaction> BeginStepAsync(CancellationToken cancellationToken);

    /// <summary>Foreign key violations and mismatches as the database stands (outside any step).</summary>
    Task<ForeignKeyReport> CheckForeignKeysAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Copies the database with the engine's online backup (correct while others write) into
    /// <paramref name="directory"/>, or the engine's default place when null; the copy is written whole, then moved
    /// into place, so a killed run never leaves a half backup under the final name.
    /// </summary>
    /// <param name="directory">Where backups go, or null for the default.</param>
    /// <param name="version">The database's version, for the backup's name.</param>
    /// <param name="cancellationToken">Cancels the copy.</param>
    /// <returns>Where the backup is, or null when the database is empty (nothing to back up).</returns>
    Task<string?> BackupAsync(string? directory, string version, CancellationToken cancellationToken);

    /// <summary>Problems found by the engine's integrity check (<c>quick_check</c>, or <c>integrity_check</c> when full); empty when sound.</summary>
    Task<IReadOnlyList<string>> CheckIntegrityAsync(bool full, CancellationToken cancellationToken);

    /// <summary>
    /// Runs a query and streams its rows, each with the query's column names (a set's query: the first column is the
    /// member's name, further columns are placeholders by name). NULL is null.
    /// </summary>
    IAsyncEnumerable<QueryRow> QueryAsync(string sql, CancellationToken cancellationToken);
}
