using Ledger.Diagnostics;
using Ledger.Linting;
using Ledger.Model;
using Ledger.Sql;
using Ledger.Sqlite.Linting.Replay;

namespace Ledger.Sqlite.Linting;

/// <summary>
/// The SQL check: replays every scope's up blocks, in version order, on an in-memory SQLite database whose tables hold
/// rows (<see cref="Seeder"/>), as apply runs them: each block in a transaction (a no-transaction block statement by
/// statement), foreign keys off, the foreign-key check before commit, the connection's settings kept from step to step
/// (<see cref="ScopeReplay"/>). Reports a statement SQLite rejects (LDG022), one that fails only because the tables
/// hold rows (LDG047), and a foreign key that references a column that is not unique (LDG023, "foreign key
/// mismatch"). Runs only when the ledger has no structural error, so that the version order is known. Planned steps
/// are replayed too: they are comments today, and their SQL is checked once it is written. A down block is checked
/// where it would run: after the replay reaches its step's version, it runs in a transaction that is then rolled
/// back; a statement it fails on is LDG022 (LDG047 when only rows make it fail), and a schema
/// (<c>sqlite_master</c>) that differs from the one before the step is LDG028, with the first difference.
/// </summary>
public sealed class SqlReplayRule : IJudgesScopes
{
    /// <summary>How long one statement may run on the replay database before the replay stops it.</summary>
    public static readonly TimeSpan DefaultStatementLimit = TimeSpan.FromSeconds(10);

    private readonly TimeSpan _statementLimit;
    private readonly Func<SqlStatement, bool> _replayable = IsReplayable;

    /// <summary>Creates the rule with <see cref="DefaultStatementLimit"/>.</summary>
    public SqlReplayRule()
        : this(DefaultStatementLimit)
    {
    }

    /// <summary>Creates the rule.</summary>
    /// <param name="statementLimit">
    /// How long one statement may run. The SQL comes from the ledger, which a pull request controls: a statement that
    /// never ends (an unbounded recursive query) must not hang <c>ledger lint</c>, and on a replay database
    /// (a few rows per table) nothing legitimate takes long.
    /// </param>
    public SqlReplayRule(TimeSpan statementLimit)
    {
        _statementLimit = statementLimit;
    }

    /// <summary>Creates the rule with another choice of the statements to replay (tests: a replay whose own code fails).</summary>
    internal SqlReplayRule(TimeSpan statementLimit, Func<SqlStatement, bool> replayable)
        : this(statementLimit)
    {
        _replayable = replayable;
    }

    /// <inheritdoc />
    public IReadOnlyList<DiagnosticDescriptor> Descriptors { get; } =
    [
        RuleCatalog.SqlError, RuleCatalog.ForeignKeyMismatch, RuleCatalog.DownBlockMismatch, RuleCatalog.DestructiveStatement,
        RuleCatalog.FailsWithData, RuleCatalog.RebuildLostObject, RuleCatalog.DanglingReference, RuleCatalog.RenameWhileDeployed,
        RuleCatalog.ForeignKeyDropped,
    ];

    /// <inheritdoc />
    public string Engine => SqliteLintRules.Instance.Engine;

    /// <inheritdoc />
    public IReadOnlyList<DiagnosticDescriptor> Judges { get; } = [RuleCatalog.DestructiveStatement];

    /// <inheritdoc />
    public void Analyze(LintContext context)
    {
        if (context.Set is not MigrationSet set)
        {
            return;
        }

        // A scope of another engine (PostgreSQL) is not SQLite's SQL: its engine checks it.
        foreach (string scope in set.ScopesUsed.Where(s => context.EngineOf(s) is null || context.EngineOf(s) == SqliteLintRules.Instance.Engine))
        {
            context.CancellationToken.ThrowIfCancellationRequested();
            ReplayScope(set, scope, context);
        }
    }

    private void ReplayScope(MigrationSet set, string scope, LintContext context)
    {
        using var replay = new ScopeReplay(set, scope, context, _statementLimit, _replayable);
        replay.Run();
    }

    /// <summary>
    /// Statements the replay skips: transaction control and VACUUM are reported by their own rules (and would fail
    /// here for reasons unrelated to the schema); ATTACH/DETACH would touch files, which a lint must never do.
    /// </summary>
    internal static bool IsReplayable(SqlStatement statement) =>
        !statement.ControlsTransaction && Rules.ForbiddenStatementRule.Finding(statement) is null;
}
