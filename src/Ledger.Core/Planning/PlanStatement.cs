using Ledger.Journal;
using Ledger.Model;
using Ledger.Sql;

namespace Ledger.Planning;

/// <summary>What a statement of a plan is for: Core decides by it what to do when the statement fails or returns.</summary>
public enum StatementKind
{
    /// <summary>Once per connection, before its first transaction (<see cref="IJournalDialect.SessionSetup"/>).</summary>
    SessionSetup,

    /// <summary>Opens a unit's transaction.</summary>
    Begin,

    /// <summary>The per-step lock, right after <see cref="Begin"/>.</summary>
    StepLock,

    /// <summary>Creates the journal table (in the first unit, for a database that has none).</summary>
    CreateJournal,

    /// <summary>A statement of a step's block.</summary>
    Block,

    /// <summary>The engine's pre-commit verification (<see cref="Execution.IPreCommitVerification"/>).</summary>
    Verify,

    /// <summary>Records a step (going up).</summary>
    JournalInsert,

    /// <summary>Removes a step's row (going down).</summary>
    JournalDelete,

    /// <summary>Updates a step's row (a no-transaction block's <c>started</c> row becoming <c>applied</c>).</summary>
    JournalUpdate,

    /// <summary>Takes the session lock of a no-transaction unit (<see cref="IJournalDialect.SessionLock"/>), by polling.</summary>
    SessionLock,

    /// <summary>Releases the session lock of a no-transaction unit.</summary>
    SessionUnlock,

    /// <summary>Commits a unit.</summary>
    Commit,

    /// <summary>Rolls a unit back; not part of a plan, run when a unit stops.</summary>
    Rollback,

    /// <summary>The engine's integrity check after the last unit (<see cref="Execution.IIntegrityCheck"/>).</summary>
    IntegrityCheck,
}

/// <summary>One statement of a plan, exactly as it runs.</summary>
public sealed record PlanStatement
{
    private readonly string? _sql;
    private readonly Func<JournalEntry, string>? _write;
    private readonly JournalEntry? _entry;
    private string? _written;

    /// <summary>A statement of this text.</summary>
    /// <param name="kind">What it is for.</param>
    /// <param name="sql">Its text.</param>
    public PlanStatement(StatementKind kind, string sql)
    {
        Kind = kind;
        _sql = sql;
    }

    /// <summary>A journal write of <paramref name="entry"/>, its text written by <paramref name="write"/> (the dialect's) when asked for.</summary>
    public PlanStatement(StatementKind kind, Func<JournalEntry, string> write, JournalEntry entry)
    {
        Kind = kind;
        _write = write;
        _entry = entry;
    }

    /// <summary>What it is for.</summary>
    public StatementKind Kind { get; }

    /// <summary>
    /// Its text. A journal write's is written out from <see cref="Entry"/> when first asked for: a plan that is only
    /// run never needs it (the engine binds the row's values), and writing it for every step cost an allocation of the
    /// whole statement.
    /// </summary>
    public string Sql => _sql ?? (_written ??= _write!(_entry!));

    /// <summary>For <see cref="StatementKind.Block"/> and the journal writes: which of the unit's steps it belongs to (index into <see cref="PlanUnit.Steps"/>); -1 otherwise.</summary>
    public int Step { get; init; } = -1;

    /// <summary>For <see cref="StatementKind.Block"/>: the statement in the ledger (for its line when it fails).</summary>
    public SqlStatement? Source { get; init; }

    /// <summary>
    /// For the journal writes: the row. In a plan its <see cref="JournalEntry.AppliedAt"/> is empty and its duration 0
    /// (the text writes the database's "now" and 0); the statement that runs carries the values of the run.
    /// </summary>
    public JournalEntry? Entry
    {
        get => _entry;
        init
        {
            _entry = value;
            _written = null; // the text follows the row
        }
    }
}

/// <summary>
/// One transaction of a plan: its steps and its statements in order, from <c>BEGIN</c> to <c>COMMIT</c>; or one
/// no-transaction step (<see cref="InTransaction"/> false), whose statements each commit on their own under the
/// session lock.
/// </summary>
/// <param name="Steps">The steps it runs (one per step, or all of them per database).</param>
/// <param name="Statements">What it runs, in order.</param>
public sealed record PlanUnit(IReadOnlyList<ScopedStep> Steps, IReadOnlyList<PlanStatement> Statements)
{
    /// <summary>False for a no-transaction block's unit: no <c>BEGIN</c>/<c>COMMIT</c>, one statement per command.</summary>
    public bool InTransaction { get; init; } = true;
}
