namespace Ledger.Journal;

/// <summary>
/// The SQL an engine speaks for Ledger's own statements: the journal table, the transaction around a step, what each
/// connection sets up first and the lock a step takes. Strings only, so it is testable without a database, and the
/// plan (<see cref="Planning.ExecutionPlan"/>) holds exactly these strings: <c>plan --format sql</c> prints what
/// <c>apply</c> runs.
/// </summary>
public interface IJournalDialect
{
    /// <summary>The journal table's name as people and lint rules write it, <c>ledger_history</c>.</summary>
    string TableName { get; }

    /// <summary>Creates the journal table if it does not exist.</summary>
    string CreateTable { get; }

    /// <summary>Selects every row: scope, from_version, to_version, checksum, title, applied_at, duration_ms, kind.</summary>
    string SelectAll { get; }

    /// <summary>
    /// Statements a connection runs once, before its first transaction (settings a migration needs that cannot change
    /// inside a transaction); empty when there are none.
    /// </summary>
    /// <param name="target">The database the connection is for (PostgreSQL sets the tenant's <c>search_path</c> here).</param>
    IReadOnlyList<string> SessionSetup(Execution.DatabaseTarget target);

    /// <summary>Opens a step's transaction.</summary>
    string Begin { get; }

    /// <summary>
    /// Taken right after <see cref="Begin"/>, so that two runners never run the same step at once; null when
    /// <see cref="Begin"/> already holds the write lock.
    /// </summary>
    /// <param name="target">The database the step runs on: the lock is keyed on it, so other databases never wait.</param>
    string? StepLock(Execution.DatabaseTarget target);

    /// <summary>
    /// Takes the lock a no-transaction block (<see cref="Planning.PlanUnit.InTransaction"/>
    /// false) holds across its statements' own commits, so that no other runner works on <paramref name="target"/>
    /// meanwhile. The connection takes it by polling (never a blocking wait, which deadlocks with statements such as
    /// <c>CREATE INDEX CONCURRENTLY</c> that wait for other sessions) until it has it or the run is cancelled.
    /// </summary>
    string SessionLock(Execution.DatabaseTarget target);

    /// <summary>Releases <see cref="SessionLock"/>.</summary>
    string SessionUnlock(Execution.DatabaseTarget target);

    /// <summary>Commits a step.</summary>
    string Commit { get; }

    /// <summary>Rolls a step back (after a failure, or to look at the database as it was).</summary>
    string Rollback { get; }

    /// <summary>
    /// An INSERT of one journal row with its values written out. A row of a plan that has not run yet has an empty
    /// <see cref="JournalEntry.AppliedAt"/>: the engine writes its clock's "now" there.
    /// </summary>
    string Insert(JournalEntry entry);

    /// <summary>
    /// An UPDATE of one edge's row (scope, from and to of <paramref name="entry"/>) to the entry's other values
    /// (checksum, title, applied_at, duration_ms, kind): a no-transaction block's <c>started</c> row becoming
    /// <c>applied</c>. An empty <see cref="JournalEntry.AppliedAt"/> means the engine's "now", as in <see cref="Insert"/>.
    /// </summary>
    string Update(JournalEntry entry);

    /// <summary>A DELETE of one edge's row (scope, from and to of <paramref name="entry"/>), for rollback.</summary>
    string Delete(JournalEntry entry);
}
