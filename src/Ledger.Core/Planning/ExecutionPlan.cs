using Ledger.Execution;
using Ledger.Journal;
using Ledger.Model;
using Ledger.Sql;

namespace Ledger.Planning;

/// <summary>
/// What <c>apply</c> (or <c>rollback</c>) runs on one database, statement by statement: the connection's setup, then
/// each unit (transaction) from its <c>BEGIN</c> to its <c>COMMIT</c> with the steps' statements, the pre-commit check
/// and the journal writes, then the integrity check. Made by <see cref="Build"/> from a <see cref="DatabasePlan"/> and
/// the engine's SQL; <see cref="DatabaseMigrator"/> carries it out and <see cref="PlanScript"/> prints it.
/// </summary>
/// <param name="Plan">What the database needs.</param>
/// <param name="Mode">Steps per transaction.</param>
/// <param name="Setup">The connection's setup, before the first unit.</param>
/// <param name="Units">The transactions, in order.</param>
/// <param name="Finish">The integrity check after the last unit, when the engine has one.</param>
public sealed record ExecutionPlan(
    DatabasePlan Plan,
    TransactionMode Mode,
    IReadOnlyList<PlanStatement> Setup,
    IReadOnlyList<PlanUnit> Units,
    PlanStatement? Finish)
{
    /// <summary>
    /// The statements that carry out <paramref name="plan"/> on a database of <paramref name="engine"/>. Pure: strings
    /// from the engine's dialect and capabilities, nothing read from a database.
    /// </summary>
    /// <param name="plan">What the database needs (its pending steps, when <see cref="PlanStatus.Pending"/>).</param>
    /// <param name="target">The database it runs on (per-session setup and locks are keyed on it).</param>
    /// <param name="engine">The engine whose SQL to use.</param>
    /// <param name="mode">Steps per transaction.</param>
    /// <param name="fullCheck">The full integrity check instead of the quick one.</param>
    /// <param name="journalTableExists">Whether the database has its journal table (otherwise the first unit creates it).</param>
    public static ExecutionPlan Build(DatabasePlan plan, DatabaseTarget target, IDatabaseEngine engine, TransactionMode mode, bool fullCheck, bool journalTableExists)
    {
        IJournalDialect dialect = engine.Dialect;
        IPreCommitVerification? verification = engine.TryGet<IPreCommitVerification>();
        IIntegrityCheck? integrity = engine.TryGet<IIntegrityCheck>();
        IStatementSplitter? splitter = engine.TryGet<IStatementSplitter>();
        bool up = plan.Direction == PlanDirection.Up;
        Func<JournalEntry, string> write = up ? dialect.Insert : dialect.Delete;

        IEnumerable<IReadOnlyList<ScopedStep>> groups = mode == TransactionMode.PerDatabase
            ? plan.Pending.Count == 0 ? [] : [plan.Pending]
            : plan.Pending.Select(s => (IReadOnlyList<ScopedStep>)[s]);
        var units = new List<PlanUnit>();
        foreach (IReadOnlyList<ScopedStep> steps in groups)
        {
            var statements = new List<PlanStatement> { new(StatementKind.Begin, dialect.Begin) };
            if (dialect.StepLock(target) is string stepLock) statements.Add(new PlanStatement(StatementKind.StepLock, stepLock));
            if (units.Count == 0 && !journalTableExists) statements.Add(new PlanStatement(StatementKind.CreateJournal, dialect.CreateTable));
            for (int i = 0; i < steps.Count; i++)
            {
                MigrationBlock? block = plan.BlockOf(steps[i]);
                foreach (SqlStatement statement in block?.StatementsBy(splitter) ?? [])
                {
                    statements.Add(new PlanStatement(StatementKind.Block, statement.Text) { Step = i, Source = statement });
                }
            }

            if (verification is not null && steps.Any(s => plan.BlockOf(s)?.HasSql == true))
            {
                statements.Add(new PlanStatement(StatementKind.Verify, verification.Sql));
            }

            for (int i = 0; i < steps.Count; i++)
            {
                JournalEntry entry = Row(steps[i], appliedAt: "", durationMs: 0, plan);
                statements.Add(new PlanStatement(up ? StatementKind.JournalInsert : StatementKind.JournalDelete, write, entry) { Step = i });
            }

            statements.Add(new PlanStatement(StatementKind.Commit, dialect.Commit));
            units.Add(new PlanUnit(steps, statements));
        }

        IReadOnlyList<PlanStatement> setup = units.Count == 0 ? [] : [.. dialect.SessionSetup(target).Select(s => new PlanStatement(StatementKind.SessionSetup, s))];
        PlanStatement? finish = units.Count > 0 && integrity is not null ? new PlanStatement(StatementKind.IntegrityCheck, integrity.Sql(fullCheck)) : null;
        return new ExecutionPlan(plan, mode, setup, units, finish);
    }

    /// <summary>
    /// The journal row of a step as this plan writes it (going up) or names it (going down, where its kind says
    /// whether a down block ran).
    /// </summary>
    public static JournalEntry Row(ScopedStep step, string appliedAt, long durationMs, DatabasePlan plan) =>
        new(step.Scope, step.Step.From.Normalized, step.Step.To.Normalized, step.Checksum, step.Title, appliedAt, durationMs,
            plan.BlockOf(step)?.HasSql == true ? JournalKinds.Applied : JournalKinds.Empty);
}
