using Ledger.Model;

namespace Ledger.Journal;

/// <summary>
/// The SQL an engine uses for the journal. Strings only, so it is testable without a database and
/// <c>plan --format sql</c> prints exactly what <c>apply</c> runs.
/// </summary>
public interface IJournalDialect
{
    /// <summary>The journal table's name, <c>ledger_history</c>.</summary>
    string TableName { get; }

    /// <summary>Creates the journal table if it does not exist.</summary>
    string CreateTable { get; }

    /// <summary>Selects every row: scope, from_version, to_version, checksum, title, applied_at, duration_ms, kind.</summary>
    string SelectAll { get; }

    /// <summary>Runs before a step's transaction, outside it (e.g. switching foreign keys off), or null.</summary>
    string? BeforeStep { get; }

    /// <summary>Runs after a step's transaction, outside it (restoring what <see cref="BeforeStep"/> changed), or null.</summary>
    string? AfterStep { get; }

    /// <summary>Opens a step's transaction (taking the write lock at once).</summary>
    string BeginStep { get; }

    /// <summary>Commits a step.</summary>
    string Commit { get; }

    /// <summary>A literal INSERT of one row, for <c>plan --format sql</c>.</summary>
    string InsertLiteral(JournalEntry entry);

    /// <summary>A literal DELETE of one edge's row, for rollback plans.</summary>
    string DeleteLiteral(string scope, string from, string to);
}
