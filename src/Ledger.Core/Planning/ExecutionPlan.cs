using Ledger.Execution;
using Ledger.Journal;
using Ledger.Model;
using Ledger.Sql;

namespace Ledger.Planning;

/// <summary>
/// What <c>apply</c> (or <c>rollback</c>) runs on one database, statement by statement: the connection's setup, then
/// each unit (transaction) from its <c>BEGIN</c> to its <c>COMMIT</c> with the steps' statements, the pre-commit check
/// and the journal writes (or a no-transaction step's unit, see <see cref="Build"/>), then the integrity check. Made by <see cref="Build"/> from a <see cref="DatabasePlan"/> and
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
    /// <remarks>
    /// A step whose block runs outside a transaction (<see cref="DatabasePlan.RunsOutsideTransaction"/>) is a unit of its
    /// own (<see cref="PlanUnit.InTransaction"/> false), also with <see cref="TransactionMode.PerDatabase"/>: the steps
    /// before it share one transaction, and the steps after it another. Such a unit holds, in order:
    /// <list type="number">
    /// <item><see cref="StatementKind.SessionLock"/>: the dialect's session lock, which the connection takes by polling
    /// until it holds it (honouring cancellation); the migrator then reads the journal again.</item>
    /// <item>In the plan's first unit, for a database without a journal table: <see cref="StatementKind.CreateJournal"/>
    /// (it commits on its own). In the first such unit of a database whose existing table needs it
    /// (<paramref name="upgradeJournal"/>): <see cref="StatementKind.Begin"/>, the engine's <see cref="IJournalUpgrade"/>
    /// statements (as <see cref="StatementKind.CreateJournal"/>), <see cref="StatementKind.Commit"/>.</item>
    /// <item>The <c>started</c> row (<see cref="JournalKinds.Started"/>, its duration_ms the number of the statement
    /// about to run, 1): <see cref="StatementKind.JournalInsert"/> going up; <see cref="StatementKind.JournalUpdate"/>
    /// when <c>--resume</c> runs the block again (its row exists) and going down (the step's <c>applied</c> row becomes
    /// <c>started</c>, its duration_ms negative: -1, -2… for the down block's statements).</item>
    /// <item>Each statement of the block (<see cref="StatementKind.Block"/>), each sent alone and committing on its own;
    /// before the second and every later one, a <see cref="StatementKind.JournalUpdate"/> of the <c>started</c> row to
    /// that statement's number, so that an interrupted run names the statement that was running.</item>
    /// <item>Going up, when the engine has an <see cref="IOutsideTransactionCheck"/> for the block: its statement
    /// (<see cref="StatementKind.Verify"/>), which fails the step when the block left something broken.</item>
    /// <item>Going up, a <see cref="StatementKind.JournalUpdate"/> making the row <c>applied</c> with the block's real
    /// duration; going down, the <see cref="StatementKind.JournalDelete"/> of the row.</item>
    /// <item><see cref="StatementKind.SessionUnlock"/>: releases the session lock (the migrator also releases it when
    /// the unit stops early).</item>
    /// </list>
    /// There is no pre-commit verification (<see cref="IPreCommitVerification"/>) in such a unit: no transaction is open
    /// to undo what it would find; the engine's <see cref="IOutsideTransactionCheck"/> only refuses to record the step.
    /// </remarks>
    /// <param name="plan">What the database needs (its pending steps, when <see cref="PlanStatus.Pending"/>).</param>
    /// <param name="target">The database it runs on (per-session setup and locks are keyed on it).</param>
    /// <param name="engine">The engine whose SQL to use.</param>
    /// <param name="mode">Steps per transaction.</param>
    /// <param name="fullCheck">The full integrity check instead of the quick one.</param>
    /// <param name="journalTableExists">Whether the database has its journal table (otherwise the first unit creates it).</param>
    /// <param name="upgradeJournal">The existing journal table needs the engine's <see cref="IJournalUpgrade"/> before a <c>started</c> row.</param>
    public static ExecutionPlan Build(DatabasePlan plan, DatabaseTarget target, IDatabaseEngine engine, TransactionMode mode, bool fullCheck, bool journalTableExists,
        bool upgradeJournal = false)
    {
        IJournalDialect dialect = engine.Dialect;
        IPreCommitVerification? verification = engine.TryGet<IPreCommitVerification>();
        IIntegrityCheck? integrity = engine.TryGet<IIntegrityCheck>();
        IStatementSplitter? splitter = engine.TryGet<IStatementSplitter>();
        IReadOnlyList<string> upgrade = upgradeJournal && journalTableExists ? engine.TryGet<IJournalUpgrade>()?.Statements ?? [] : [];
        bool up = plan.Direction == PlanDirection.Up;
        Func<JournalEntry, string> write = up ? dialect.Insert : dialect.Delete;

        var units = new List<PlanUnit>();
        foreach (IReadOnlyList<ScopedStep> steps in Groups(plan, mode))
        {
            if (steps.Count == 1 && plan.RunsOutsideTransaction(steps[0]))
            {
                units.Add(OutsideTransaction(plan, target, dialect, splitter, engine.TryGet<IOutsideTransactionCheck>(), steps[0],
                    createJournal: units.Count == 0 && !journalTableExists, upgrade));
                upgrade = [];
                continue;
            }

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
    /// The steps of each unit: one step each, or (per database) every step in one, except that a step running outside a
    /// transaction is always alone: the steps before it form one unit and the steps after it the next.
    /// </summary>
    private static IEnumerable<IReadOnlyList<ScopedStep>> Groups(DatabasePlan plan, TransactionMode mode)
    {
        if (mode != TransactionMode.PerDatabase)
        {
            foreach (ScopedStep step in plan.Pending) yield return [step];
            yield break;
        }

        var together = new List<ScopedStep>();
        foreach (ScopedStep step in plan.Pending)
        {
            if (!plan.RunsOutsideTransaction(step))
            {
                together.Add(step);
                continue;
            }

            if (together.Count > 0) yield return together;
            together = [];
            yield return [step];
        }

        if (together.Count > 0) yield return together;
    }

    /// <summary>The unit of a step whose block runs outside a transaction (see <see cref="Build"/>'s remarks).</summary>
    private static PlanUnit OutsideTransaction(DatabasePlan plan, DatabaseTarget target, IJournalDialect dialect, IStatementSplitter? splitter,
        IOutsideTransactionCheck? check, ScopedStep step, bool createJournal, IReadOnlyList<string> upgrade)
    {
        bool up = plan.Direction == PlanDirection.Up;
        var statements = new List<PlanStatement> { new(StatementKind.SessionLock, dialect.SessionLock(target)) };
        if (createJournal) statements.Add(new PlanStatement(StatementKind.CreateJournal, dialect.CreateTable));
        if (upgrade.Count > 0)
        {
            statements.Add(new PlanStatement(StatementKind.Begin, dialect.Begin));
            if (dialect.StepLock(target) is string stepLock) statements.Add(new PlanStatement(StatementKind.StepLock, stepLock));
            statements.AddRange(upgrade.Select(sql => new PlanStatement(StatementKind.CreateJournal, sql)));
            statements.Add(new PlanStatement(StatementKind.Commit, dialect.Commit));
        }

        JournalEntry done = Row(step, appliedAt: "", durationMs: 0, plan);
        IReadOnlyList<SqlStatement> block = plan.BlockOf(step)!.StatementsBy(splitter);
        bool exists = !up || plan.Resumed is JournalEntry resumed && resumed.From == done.From && resumed.To == done.To;
        for (int i = 0; i < block.Count; i++)
        {
            JournalEntry running = done with { Kind = JournalKinds.Started, DurationMs = up ? i + 1 : -(i + 1) };
            statements.Add(i == 0 && !exists
                ? new PlanStatement(StatementKind.JournalInsert, dialect.Insert, running) { Step = 0 }
                : new PlanStatement(StatementKind.JournalUpdate, dialect.Update, running) { Step = 0 });
            statements.Add(new PlanStatement(StatementKind.Block, block[i].Text) { Step = 0, Source = block[i] });
        }

        if (up && check?.Sql(block) is string checkSql) statements.Add(new PlanStatement(StatementKind.Verify, checkSql) { Step = 0 });
        statements.Add(up
            ? new PlanStatement(StatementKind.JournalUpdate, dialect.Update, done) { Step = 0 }
            : new PlanStatement(StatementKind.JournalDelete, dialect.Delete, done) { Step = 0 });
        statements.Add(new PlanStatement(StatementKind.SessionUnlock, dialect.SessionUnlock(target)));
        return new PlanUnit([step], statements) { InTransaction = false };
    }

    /// <summary>
    /// The journal row of a step as this plan writes it (going up) or names it (going down, where its kind says
    /// whether a down block ran).
    /// </summary>
    public static JournalEntry Row(ScopedStep step, string appliedAt, long durationMs, DatabasePlan plan) =>
        new(step.Scope, step.Step.From.Normalized, step.Step.To.Normalized, step.Checksum, step.Title, appliedAt, durationMs,
            plan.BlockOf(step)?.HasSql == true ? JournalKinds.Applied : JournalKinds.Empty);
}
