using Ledger.Diagnostics;

namespace Ledger.Postgres.Linting;

/// <summary>
/// The rules whose knowledge is PostgreSQL's: statements it refuses inside a transaction, and changes that take a lock
/// every query on the table waits behind while the table is rewritten or scanned. Their codes are in docs/lint-rules.md
/// with Core's, marked as the PostgreSQL engine's.
/// </summary>
public static class PostgresRuleCatalog
{
    /// <summary>A statement PostgreSQL refuses inside a transaction, in a block without the no-transaction directive.</summary>
    public static readonly DiagnosticDescriptor NonTransactionalStatement =
        new("LDG041", "PgStatementNeedsNoTransaction", Severity.Error, "A statement that cannot run inside a transaction, in a block without -- ledger:no-transaction", false);

    /// <summary><c>CREATE INDEX</c> without <c>CONCURRENTLY</c> on a table that existed before the step.</summary>
    public static readonly DiagnosticDescriptor IndexWithoutConcurrently =
        new("LDG042", "PgIndexWithoutConcurrently", Severity.Warning, "An index built without CONCURRENTLY on a table that existed before the step", true);

    /// <summary>A column type change, <c>SET NOT NULL</c> or a volatile default: a rewrite or a scan under an exclusive lock.</summary>
    public static readonly DiagnosticDescriptor TableRewrite =
        new("LDG043", "PgRewriteUnderLock", Severity.Warning, "A change that rewrites or scans an existing table under an exclusive lock", true);

    /// <summary>A foreign key or CHECK constraint added without <c>NOT VALID</c> on a table that existed before the step.</summary>
    public static readonly DiagnosticDescriptor ConstraintWithoutNotValid =
        new("LDG044", "PgConstraintWithoutNotValid", Severity.Warning, "A foreign key or CHECK constraint added to an existing table without NOT VALID", true);

    /// <summary>A table or column of an existing table renamed.</summary>
    public static readonly DiagnosticDescriptor Rename =
        new("LDG045", "PgRename", Severity.Warning, "A table or column that existed before the step is renamed", true);

    /// <summary><c>CREATE INDEX CONCURRENTLY IF NOT EXISTS</c> in a no-transaction block without an earlier <c>DROP INDEX … IF EXISTS</c> of that index.</summary>
    public static readonly DiagnosticDescriptor InvalidIndexSkippedOnResume =
        new("LDG046", "PgInvalidIndexSkippedOnResume", Severity.Warning, "CREATE INDEX CONCURRENTLY IF NOT EXISTS, which a resume skips when an interrupted build left the index invalid", true);

    /// <summary>All of the PostgreSQL engine's rules, in code order.</summary>
    public static IReadOnlyList<DiagnosticDescriptor> All { get; } =
        [NonTransactionalStatement, IndexWithoutConcurrently, TableRewrite, ConstraintWithoutNotValid, Rename, InvalidIndexSkippedOnResume];
}
