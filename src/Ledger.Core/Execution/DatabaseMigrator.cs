using System.Data.Common;
using System.Diagnostics;
using Ledger.Journal;
using Ledger.Model;
using Ledger.Planning;
using Ledger.Sql;
using Ledger.Versions;
using Microsoft.Extensions.Logging;

namespace Ledger.Execution;

/// <summary>
/// Brings one database to a target version (docs/apply.md): plans it once from its journal, turns the plan into
/// statements (<see cref="ExecutionPlan"/>: one transaction per step, or per database) and carries them out in order —
/// the journal looked at again inside each transaction, the block run statement by statement, the engine's
/// pre-commit check, the journal row written in the same transaction. The same algorithm runs both ways: going up
/// (<c>apply</c>) a step runs its up block and inserts its journal row; going down (<c>rollback</c>) it runs its down
/// block and deletes that row. Never throws for a database's problems: they become its result.
/// </summary>
public sealed class DatabaseMigrator
{
    private readonly IDatabaseEngine _engine;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly WriteAccessCache _writable = new(); // this run's: the migrator lives as long as its runner

    /// <summary>Creates a migrator for an engine.</summary>
    public DatabaseMigrator(IDatabaseEngine engine, ILogger logger, TimeProvider time)
    {
        _engine = engine;
        _logger = logger;
        _time = time;
    }

    /// <summary>Migrates one database up to <paramref name="version"/>.</summary>
    /// <param name="target">The database.</param>
    /// <param name="set">The validated ledger.</param>
    /// <param name="version">The version to reach (on the line).</param>
    /// <param name="options">How to run.</param>
    /// <param name="create">Create the database when it does not exist.</param>
    /// <param name="cancellationToken">Checked between steps: a step is never cut in the middle.</param>
    public Task<DatabaseResult> MigrateAsync(DatabaseTarget target, MigrationSet set, SemVersion version, ApplyOptions options,
        bool create, CancellationToken cancellationToken) =>
        RunAsync(target, set, version, options, create, PlanDirection.Up, cancellationToken);

    /// <summary>
    /// Rolls one database back to <paramref name="version"/>: its down blocks, newest first, each in its own transaction
    /// (or all in one with <see cref="TransactionMode.PerDatabase"/>) that also deletes the edge's journal row.
    /// </summary>
    /// <param name="target">The database.</param>
    /// <param name="set">The validated ledger.</param>
    /// <param name="version">The version to go back to (on the line).</param>
    /// <param name="options">How to run (<see cref="ApplyOptions.Target"/>, <c>AllowDrift</c> and <c>CreateMissing</c> are not used).</param>
    /// <param name="cancellationToken">Checked between steps: a step is never cut in the middle.</param>
    public async Task<DatabaseResult> RollBackAsync(DatabaseTarget target, MigrationSet set, SemVersion version, ApplyOptions options,
        CancellationToken cancellationToken) =>
        (await RunAsync(target, set, version, options, create: false, PlanDirection.Down, cancellationToken)) with { Direction = PlanDirection.Down };

    /// <summary>
    /// The result of a database whose journal was read ahead (<see cref="IJournalBatchReader"/>) when that journal settles
    /// it without a connection: already at <paramref name="version"/>, drift, ahead, refused, or missing without
    /// <paramref name="create"/>; null when it has steps to run, or a block under way or interrupted (then <see cref="MigrateAsync"/> opens it and reads its
    /// journal again inside each step). The same plan and the same result <see cref="MigrateAsync"/> would give.
    /// </summary>
    public DatabaseResult? Settled(DatabaseTarget target, MigrationSet set, SemVersion version, ApplyOptions options, bool create, JournalSnapshot snapshot)
    {
        if (!snapshot.Exists)
        {
            return create ? null : DatabaseResult.Of(target, DatabaseOutcome.Skipped, Missing);
        }

        DatabasePlan plan = snapshot.Plan(_engine, set, target, version, PlanDirection.Up, options.AllowDrift, options.Resume);
        // An incomplete database may be another run's block under way: opened, it waits for that run before deciding.
        return plan.Status == PlanStatus.Pending || plan.Incomplete is not null ? null : Settled(target, plan, snapshot.Journal);
    }

    private const string Missing = "database does not exist (use --create-missing to create it)";

    private async Task<DatabaseResult> RunAsync(DatabaseTarget target, MigrationSet set, SemVersion version, ApplyOptions options,
        bool create, PlanDirection direction, CancellationToken cancellationToken)
    {
        long started = _time.GetTimestamp();
        bool existed;
        try
        {
            existed = await _engine.ExistsAsync(target, cancellationToken);
        }
        catch (Exception e) when (e is DbException or IOException or UnauthorizedAccessException)
        {
            // A server that cannot be reached (or a file that cannot be read): this database fails, as it would once open.
            _logger.LogDebug(e, "database {Database} failed", target);
            return DatabaseResult.Of(target, DatabaseOutcome.Failed, e.Message);
        }

        if (!existed && !create)
        {
            return DatabaseResult.Of(target, DatabaseOutcome.Skipped, direction == PlanDirection.Up ? Missing : "database does not exist; nothing to roll back");
        }

        // A database that does not exist yet is at baseline: a target past a planned step would make it pass that step.
        if (!existed && direction == PlanDirection.Up && !options.IncludePlanned && PlannedSteps.UpTo(set, version).Count > 0)
        {
            DatabasePlan fresh = MigrationPlanner.Plan(set, target.Scope, JournalState.Empty, version);
            if (PlannedSteps.Problem(version, [fresh], includePlanned: false) is string notCreated)
            {
                return DatabaseResult.Of(target, DatabaseOutcome.Failed, $"refused, not created: {notCreated}");
            }
        }

        // A database to create in a folder that cannot be written is said to be so, not left to the engine's "unable to open".
        if (!existed && _engine.TryGet<IWriteAccessCheck>() is { } creating &&
            await creating.CreateProblemAsync(target, _writable, cancellationToken) is string cannotCreate)
        {
            return DatabaseResult.Of(target, DatabaseOutcome.Failed, cannotCreate);
        }

        StepRun? run = null; // once steps may run: what they have done, for every way the run can end
        string? backup = null;
        try
        {
            await using IMigrationConnection connection = await _engine.OpenAsync(target, create, cancellationToken);
            JournalState journal;
            try
            {
                journal = await connection.ReadJournalAsync(cancellationToken);
            }
            catch (DbException e)
            {
                return DatabaseResult.Of(target, DatabaseOutcome.Failed, $"cannot read its history table: {e.Message}");
            }

            IStatementSplitter? splitter = _engine.TryGet<IStatementSplitter>();
            bool resume = options.Resume && direction == PlanDirection.Up;
            DatabasePlan plan = MigrationPlanner.Plan(set, target.Scope, journal, version, direction, options.AllowDrift, resume, splitter);
            if (plan is { Status: PlanStatus.Refused, Incomplete: not null })
            {
                // A started row may be another run's block under way: wait until no run holds the database's session lock,
                // then look again. A row still started then was interrupted.
                journal = await AfterRunUnderWayAsync(connection, cancellationToken);
                plan = MigrationPlanner.Plan(set, target.Scope, journal, version, direction, options.AllowDrift, resume, splitter);
            }

            if (plan.Status != PlanStatus.Pending)
            {
                return Settled(target, plan, journal);
            }

            // The run's own check (MigrationRunner.ApplyAsync) came before; this one holds a single database (the
            // library's EnsureAsync) and a database another run moved in between to the same rule.
            if (PlannedSteps.Problem(version, [plan], options.IncludePlanned) is string planned)
            {
                return DatabaseResult.Of(target, DatabaseOutcome.Failed, $"refused, not changed: {planned}", plan.Current);
            }

            // A journal table made by an earlier Ledger may not hold a started row yet; asked only when one will be written.
            bool upgrade = await JournalUpgrades.IsNeededAsync(_engine, connection, journal, plan, cancellationToken);
            ExecutionPlan script = ExecutionPlan.Build(plan, target, _engine, options.TransactionMode, options.FullCheck, journal.TableExists, upgrade);
            // A database that cannot be written is said to be so before anything runs, not blamed on the first statement.
            if (_engine.TryGet<IWriteAccessCheck>() is { } access && await access.ProblemAsync(connection, _writable, cancellationToken) is string unwritable)
            {
                return DatabaseResult.Of(target, DatabaseOutcome.Failed, unwritable);
            }

            if (options.Backup && existed && _engine.TryGet<IDatabaseBackup>() is { } backups)
            {
                backup = await backups.BackupAsync(connection, options.BackupDirectory, journal.Current.Normalized, _writable, cancellationToken);
            }

            run = new StepRun(target, direction, journal.Current) { Drift = plan.Drift };
            DatabaseResult? early = await RunUnitsAsync(connection, run, script, journal, cancellationToken);
            if (early is { Outcome: DatabaseOutcome.Failed, Failure.ExistingTable: string table } && run.Applied.Count == 0 &&
                plan.Untracked is string untracked && plan.UnrecordedTables.Contains(table, StringComparer.OrdinalIgnoreCase))
            {
                // A database made before Ledger whose first step met one of the tables it already has: say how to adopt it,
                // beside the engine's message. Any other failure is the step's own, and gets no such hint.
                early = early with { Hint = untracked };
            }

            if (early is not null)
            {
                return early with { BackupPath = backup, DurationMs = Elapsed(started) };
            }

            if (script.Finish is not null && _engine.TryGet<IIntegrityCheck>() is { } integrity)
            {
                IReadOnlyList<string> problems = await integrity.CheckAsync(connection, options.FullCheck, cancellationToken);
                if (problems.Count > 0)
                {
                    return run.Result(DatabaseOutcome.Failed, Elapsed(started), backup) with
                    {
                        Message = $"{integrity.Name(options.FullCheck)} failed after migrating: {string.Join("; ", problems.Take(5))}",
                    };
                }
            }

            return run.Result(run.Applied.Count > 0 ? DatabaseResult.Moved(direction) : DatabaseOutcome.Current, Elapsed(started), backup);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            const string interrupted = "interrupted before it finished (every committed step is recorded)";
            return run is null
                ? DatabaseResult.Of(target, DatabaseOutcome.Skipped, interrupted) with { Interrupted = true }
                : run.Result(DatabaseOutcome.Skipped, Elapsed(started), backup) with { Message = interrupted, Interrupted = true };
        }
        catch (Exception e) when (e is DbException or IOException or UnauthorizedAccessException)
        {
            // Steps already committed stay committed: the result says which, and where the database was left.
            _logger.LogDebug(e, "database {Database} failed", target);
            return run is null
                ? DatabaseResult.Of(target, DatabaseOutcome.Failed, e.Message)
                : run.Result(DatabaseOutcome.Failed, Elapsed(started), backup) with { Message = e.Message };
        }
    }

    private long Elapsed(long started) => (long)_time.GetElapsedTime(started).TotalMilliseconds;

    /// <summary>
    /// Takes and releases the database's session lock (the one a no-transaction step holds while it runs), then reads
    /// the journal again: what it says once no run is inside a no-transaction step.
    /// </summary>
    private async Task<JournalState> AfterRunUnderWayAsync(IMigrationConnection connection, CancellationToken cancellationToken)
    {
        DatabaseTarget target = connection.Target;
        await connection.ExecuteAsync(new PlanStatement(StatementKind.SessionLock, _engine.Dialect.SessionLock(target)), cancellationToken);
        try
        {
            return await connection.ReadJournalAsync(cancellationToken);
        }
        finally
        {
            await UnlockAsync(connection);
        }
    }

    /// <summary>Releases the session lock; a connection that lost its session has nothing left to release.</summary>
    private async Task UnlockAsync(IMigrationConnection connection)
    {
        try
        {
            await connection.ExecuteAsync(new PlanStatement(StatementKind.SessionUnlock, _engine.Dialect.SessionUnlock(connection.Target)), CancellationToken.None);
        }
        catch (DbException)
        {
            // The session is gone, and its lock with it.
        }
    }

    /// <summary>
    /// Carries out the plan's units in order; returns a result only when the run ends early. Inside each transaction the
    /// journal is looked at again (the engine reads it only when another connection may have written): a unit another
    /// runner has already recorded is not run again, and a journal that moved otherwise stops the database.
    /// </summary>
    private async Task<DatabaseResult?> RunUnitsAsync(IMigrationConnection connection, StepRun run, ExecutionPlan script, JournalState journal,
        CancellationToken cancellationToken)
    {
        DatabasePlan plan = script.Plan;
        IPreCommitVerification? verification = _engine.TryGet<IPreCommitVerification>();
        bool moved = false; // another runner changed the journal since it was read: every unit is compared with it first
        bool setUp = false;
        foreach (PlanUnit unit in script.Units)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (moved)
            {
                // What the journal already says may settle this unit without a transaction.
                if (Judge(run, unit, journal, plan, out DatabaseResult? stop) == Verdict.Done) continue;
                if (stop is not null) return stop;
            }

            if (!setUp)
            {
                foreach (PlanStatement statement in script.Setup)
                {
                    try
                    {
                        await connection.ExecuteAsync(statement, cancellationToken);
                    }
                    catch (DbException e)
                    {
                        return run.Fail(new StepFailure(run.Edge(unit.Steps[0]), null, null, $"could not start the step's transaction: {e.Message}"));
                    }
                }

                setUp = true;
            }

            ForeignKeyReport? before = null; // violations known to exist before this unit
            while (true)
            {
                UnitRun attempt = await RunUnitAsync(connection, run, unit, plan, journal, verification, before, cancellationToken);
                if (attempt.Stop is not null) return attempt.Stop;
                if (attempt.Seen is JournalState seen)
                {
                    journal = seen;
                    run.Current = journal.Current;
                    moved = true;
                }

                if (attempt.RunUnderWay)
                {
                    // Another run is inside a no-transaction step (its row is started, the unit rolled back): wait until it
                    // lets go of the session lock and look again. A row still started then is an interrupted run's.
                    journal = await AfterRunUnderWayAsync(connection, cancellationToken);
                    run.Current = journal.Current;
                    moved = true;
                    if (Judge(run, unit, journal, plan, out DatabaseResult? stop) == Verdict.Done) break; // the other run recorded it
                    if (stop is not null) return stop;
                    continue;
                }

                if (attempt.Retry)
                {
                    // Were the violations there already? Look at the database as it was, then run the unit again.
                    before = await verification!.VerifyAsync(connection, cancellationToken);
                    continue;
                }

                if (attempt.Entries is JournalEntry[] entries)
                {
                    // The journal as committed, in time proportional to this unit's rows, not to the database's history. A
                    // resumed step's started row became its applied row.
                    if (plan.Resumed is JournalEntry resumed && !unit.InTransaction && SameEdge(resumed, entries[0])) journal = journal.Without([resumed]);
                    journal = run.Direction == PlanDirection.Up ? journal.Append(entries) : journal.Without(entries);
                    run.Current = journal.Current;
                    run.Applied.AddRange(entries.Select(e => run.Direction == PlanDirection.Up
                        ? new AppliedStep(e.FromVersion!, e.ToVersion!, e.Kind, e.DurationMs)
                        : new AppliedStep(e.ToVersion!, e.FromVersion!, e.Kind, e.DurationMs)));
                    _logger.LogDebug("{Database}: {Count} step(s) committed, now at {Version}", run.Target, entries.Length, run.Current);
                }

                break;
            }
        }

        if (moved && plan.Direction == PlanDirection.Up && journal.Current > plan.Target)
        {
            return DatabaseResult.Of(run.Target, DatabaseOutcome.Ahead,
                $"it is at {journal.Current}, above the target {plan.Target}; use 'ledger rollback' to go down", journal.Current) with { Applied = run.Applied };
        }

        return null;
    }

    /// <summary>How one attempt at a unit ended.</summary>
    /// <param name="Stop">The database's result when the run stops here.</param>
    /// <param name="Entries">The rows committed (null when nothing was).</param>
    /// <param name="Seen">The journal as another runner left it, when it had changed.</param>
    /// <param name="Retry">Violations were found and it is not known whether they predate the unit.</param>
    /// <param name="RunUnderWay">
    /// The journal holds another run's started row and this unit did not hold the session lock: that run may still be
    /// inside its no-transaction step. Nothing of the unit was kept.
    /// </param>
    private readonly record struct UnitRun(DatabaseResult? Stop, JournalEntry[]? Entries, JournalState? Seen, bool Retry, bool RunUnderWay = false);

    /// <summary>
    /// Runs one unit's statements, from its BEGIN to its COMMIT (rolled back unless committed); or a no-transaction
    /// unit's, from its session lock to its unlock (released however it ends), its block's statements each committing
    /// on its own while the journal row says <c>started</c>.
    /// </summary>
    private async Task<UnitRun> RunUnitAsync(IMigrationConnection connection, StepRun run, PlanUnit unit, DatabasePlan plan, JournalState journal,
        IPreCommitVerification? verification, ForeignKeyReport? before, CancellationToken cancellationToken)
    {
        bool up = run.Direction == PlanDirection.Up;
        var entries = new JournalEntry[unit.Steps.Count];
        var durations = new long[unit.Steps.Count];
        int current = -1; // the step whose block statements are running
        long stepStarted = 0;
        bool open = false, locked = false, looked = false;
        string? startedAt = null; // a no-transaction step: when its started row was written
        bool marked = false; // a no-transaction step: its started row is in the journal
        JournalState? seen = null;
        try
        {
            foreach (PlanStatement statement in unit.Statements)
            {
                if (statement.Kind is StatementKind.Begin or StatementKind.StepLock or StatementKind.CreateJournal or StatementKind.SessionLock)
                {
                    try
                    {
                        await connection.ExecuteAsync(statement, cancellationToken);
                    }
                    catch (DbException e)
                    {
                        string what = statement.Kind == StatementKind.SessionLock ? "could not take the lock a step outside a transaction holds" : "could not start the step's transaction";
                        return Stop(run.Fail(new StepFailure(run.Edge(unit.Steps[0]), null, null, $"{what}: {e.Message}")));
                    }

                    if (statement.Kind == StatementKind.SessionLock) locked = true;
                    else open = true;
                    continue;
                }

                if (!looked)
                {
                    // Another runner may have moved this database since we looked.
                    looked = true;
                    JournalState? inside;
                    try
                    {
                        inside = await connection.ReadJournalIfChangedAsync(cancellationToken);
                    }
                    catch (DbException e)
                    {
                        return Stop(run.Fail(new StepFailure(run.Edge(unit.Steps[0]), null, null, $"cannot read its history table: {e.Message}")));
                    }

                    if (inside is not null && !inside.SameAs(journal))
                    {
                        seen = inside;
                        run.Current = inside.Current;
                        Verdict verdict = Judge(run, unit, inside, plan, out DatabaseResult? stop);
                        if (verdict == Verdict.Done) return new UnitRun(null, null, seen, false);
                        // Under the session lock no other run is inside its step: a started row is an interrupted run's.
                        if (verdict == Verdict.Incomplete && !locked) return new UnitRun(null, null, seen, false, RunUnderWay: true);
                        if (stop is not null) return Stop(stop);
                    }
                }

                // A no-transaction step's started row moving to its next statement does not end the step's time.
                bool progress = statement.Entry?.IsStarted == true;
                if (current >= 0 && !progress && (statement.Kind != StatementKind.Block || statement.Step != current))
                {
                    durations[current] = (long)_time.GetElapsedTime(stepStarted).TotalMilliseconds;
                    current = -1;
                }

                switch (statement.Kind)
                {
                    case StatementKind.Block:
                        if (current < 0)
                        {
                            current = statement.Step;
                            stepStarted = _time.GetTimestamp();
                        }

                        try
                        {
                            await connection.ExecuteAsync(statement, cancellationToken);
                        }
                        catch (DbException e)
                        {
                            return Stop(BlockFailed(run, unit, plan, (e as DeferredStatementException)?.Statement ?? statement, e, up, _engine.TryGet<IErrorClassifier>()));
                        }

                        break;

                    case StatementKind.Verify when !unit.InTransaction:
                        // The engine's IOutsideTransactionCheck: the block left something broken; its row stays started.
                        try
                        {
                            await connection.ExecuteAsync(statement, cancellationToken);
                        }
                        catch (DbException e)
                        {
                            return Stop(run.Fail(new StepFailure(run.Edge(unit.Steps[statement.Step]), null, plan.BlockOf(unit.Steps[statement.Step])?.Start,
                                e.Message + IncompleteAfterFailure(up))));
                        }

                        break;

                    case StatementKind.Verify:
                        ForeignKeyReport after = await verification!.VerifyAsync(connection, cancellationToken);
                        run.Warn(after.Mismatches.Select(m => $"foreign key mismatch (schema defect, not a failure): {m}"));
                        if (after.Violations.Count > 0)
                        {
                            if (before is null) return new UnitRun(null, null, seen, true);
                            IReadOnlyList<ForeignKeyViolation> introduced = after.IntroducedSince(before);
                            ScopedStep last = unit.Steps[^1];
                            if (introduced.Count > 0)
                            {
                                return Stop(run.Fail(new StepFailure(run.Edge(last), null, plan.BlockOf(last)?.Start,
                                    $"the step leaves {introduced.Count} row(s) violating foreign keys that were not violated before: " +
                                    string.Join(", ", introduced.Take(5)) + (introduced.Count > 5 ? ", …" : ""))));
                            }

                            run.Warn([$"{after.Violations.Count} foreign key violation(s) that predate step {run.Edge(last)} were left as they were"]);
                        }

                        break;

                    case StatementKind.JournalInsert or StatementKind.JournalDelete or StatementKind.JournalUpdate:
                        // Going down, the entry names the row to delete; its kind says whether a down block ran. A started
                        // row keeps the time it was first written and, as its duration, the number of the statement about to run.
                        JournalEntry entry = progress
                            ? statement.Entry! with { AppliedAt = startedAt ??= JournalTimestamp.Of(_time.GetUtcNow()) }
                            : statement.Entry! with { AppliedAt = JournalTimestamp.Of(_time.GetUtcNow()), DurationMs = durations[statement.Step] };
                        if (!progress) entries[statement.Step] = entry;
                        try
                        {
                            // A failure here (a full disk, a journal table changed by someone else) fails the step like a
                            // statement's would: rolled back, named, the steps before it kept.
                            await connection.ExecuteAsync(statement with { Entry = entry }, cancellationToken);
                            marked |= progress;
                        }
                        catch (DeferredStatementException e)
                        {
                            return Stop(BlockFailed(run, unit, plan, e.Statement, e, up, _engine.TryGet<IErrorClassifier>()));
                        }
                        catch (DbException e)
                        {
                            string change = progress ? "marking the step started in" : up ? "recording the step in" : "removing the step's row from";
                            string left = marked ? IncompleteAfterFailure(up) : "";
                            return Stop(run.Fail(new StepFailure(run.Edge(unit.Steps[statement.Step]), null, null, $"failed while {change} the history table: {e.Message}{left}")));
                        }

                        break;

                    case StatementKind.SessionUnlock:
                        locked = false;
                        await UnlockAsync(connection);
                        break;

                    case StatementKind.Commit:
                        try
                        {
                            await connection.ExecuteAsync(statement, cancellationToken);
                        }
                        catch (DeferredStatementException e)
                        {
                            return Stop(BlockFailed(run, unit, plan, e.Statement, e, up, _engine.TryGet<IErrorClassifier>()));
                        }
                        catch (DbException e)
                        {
                            return Stop(run.Fail(new StepFailure(run.Edge(unit.Steps[^1]), null, null, $"failed at commit: {e.Message}")));
                        }

                        open = false;
                        break;

                    default:
                        await connection.ExecuteAsync(statement, cancellationToken);
                        break;
                }
            }
        }
        finally
        {
            if (open) await RollBackAsync(connection);
            if (locked) await UnlockAsync(connection);
        }

        return new UnitRun(null, entries, seen, false);

        UnitRun Stop(DatabaseResult result) => new(result, null, seen, false);
    }

    /// <summary>What a failure inside a no-transaction step leaves, and what to do.</summary>
    private static string IncompleteAfterFailure(bool up) =>
        "; the step runs outside a transaction, so its statements before this one stay done, and the database is incomplete " +
        "(its row in the history table for the step is 'started') until " +
        (up ? "'ledger apply --resume' runs the block again from its first statement"
            : "'ledger apply --resume' runs the step's up block again from its first statement (then roll back again)");

    private static bool SameEdge(JournalEntry a, JournalEntry b) => a.Scope == b.Scope && a.From == b.From && a.To == b.To;

    /// <summary>
    /// A block's statement failed: the step, the statement and its line in the ledger, the engine's message. The statement
    /// may be an earlier one than the statement being run, when the engine had accepted it without running it at once
    /// (<see cref="DeferredStatementException"/>).
    /// </summary>
    private static DatabaseResult BlockFailed(StepRun run, PlanUnit unit, DatabasePlan plan, PlanStatement statement, DbException e, bool up,
        IErrorClassifier? errors)
    {
        ScopedStep step = unit.Steps[statement.Step];
        DatabaseResult failed = run.Fail(new StepFailure(run.Edge(step), SqlScript.Abbreviate(statement.Sql),
            plan.BlockOf(step)!.LocationOf(statement.Source!), e.Message) { ExistingTable = errors?.ExistingTable(e) });
        return unit.InTransaction ? failed : failed with { Message = failed.Message + IncompleteAfterFailure(up) };
    }

    /// <summary>
    /// Rolls the open transaction back; an engine that already did (after a full disk, say) has nothing left to undo. It is
    /// cleanup, run also when the run was cancelled: it is not itself cancelled.
    /// </summary>
    private async Task RollBackAsync(IMigrationConnection connection)
    {
        try
        {
            await connection.ExecuteAsync(new PlanStatement(StatementKind.Rollback, _engine.Dialect.Rollback), CancellationToken.None);
        }
        catch (DbException)
        {
            // Nothing is left to undo.
        }
    }

    private enum Verdict
    {
        /// <summary>The journal is where the unit starts: run it.</summary>
        Ready,

        /// <summary>Another runner recorded the unit (going down: removed its rows), with the same checksums: skip it.</summary>
        Done,

        /// <summary>A recorded edge of the unit has another checksum.</summary>
        Drift,

        /// <summary>The journal is somewhere else.</summary>
        Moved,

        /// <summary>Another run started a no-transaction step and has not finished it (its row is <c>started</c>).</summary>
        Incomplete,
    }

    /// <summary>The unit against a journal another runner changed, and the database's result when that stops the run.</summary>
    private static Verdict Judge(StepRun run, PlanUnit unit, JournalState journal, DatabasePlan plan, out DatabaseResult? stop)
    {
        var drift = new List<DriftedEdge>();
        Verdict verdict = Compare(unit, journal, plan, drift);
        stop = verdict switch
        {
            Verdict.Drift => run.Drifted(drift),
            Verdict.Moved => run.Moved(unit, journal),
            Verdict.Incomplete => run.Incomplete(journal),
            _ => null,
        };
        return verdict;
    }

    /// <summary>The unit against a journal another runner changed.</summary>
    private static Verdict Compare(PlanUnit unit, JournalState journal, DatabasePlan plan, List<DriftedEdge> drift)
    {
        // A started row is another run's step under way or interrupted, except the one this run resumes.
        if (journal.Started.Any(r => r.Scope == plan.Scope && !(plan.Resumed is JournalEntry resumed && SameEdge(r, resumed) && unit.Steps.Any(s => Is(s, r)))))
        {
            return Verdict.Incomplete;
        }

        var rows = new Dictionary<(string, string), JournalEntry>();
        foreach (JournalEntry row in journal.Entries)
        {
            if (row.Scope == plan.Scope && !row.IsStarted) rows[(row.From, row.To)] = row;
        }

        int present = 0;
        foreach (ScopedStep step in unit.Steps)
        {
            if (!rows.TryGetValue((step.Step.From.Normalized, step.Step.To.Normalized), out JournalEntry? row)) continue;
            present++;
            if (row.Kind != JournalKinds.Baselined && !string.Equals(row.Checksum, step.Checksum, StringComparison.OrdinalIgnoreCase))
            {
                drift.Add(new DriftedEdge(row.From, row.To, row.Checksum, step.Checksum, step.Block));
            }
        }

        if (drift.Count > 0) return Verdict.Drift;
        ScopedStep first = unit.Steps[0];
        return plan.Direction == PlanDirection.Up
            ? present == unit.Steps.Count ? Verdict.Done : present == 0 && journal.Current == first.Step.From ? Verdict.Ready : Verdict.Moved
            : present == 0 ? Verdict.Done : present == unit.Steps.Count && journal.Current == first.Step.To ? Verdict.Ready : Verdict.Moved;

        static bool Is(ScopedStep step, JournalEntry row) => step.Step.From.Normalized == row.From && step.Step.To.Normalized == row.To;
    }

    private static DatabaseResult Settled(DatabaseTarget target, DatabasePlan plan, JournalState journal)
    {
        SemVersion at = journal.Current;
        return plan.Status switch
        {
            PlanStatus.Current => new DatabaseResult(target, DatabaseOutcome.Current, at, at, [], null, plan.Drift, null, [], null, 0),
            PlanStatus.Drift => new DatabaseResult(target, DatabaseOutcome.Drift, at, at, [], null, plan.Drift,
                "recorded steps differ from the ledger (use 'ledger verify' to see them); " + DriftedEdge.WhatToDo, [], null, 0),
            PlanStatus.Ahead => DatabaseResult.Of(target, DatabaseOutcome.Ahead, plan.Problem, at),
            PlanStatus.Refused => DatabaseResult.Of(target, DatabaseOutcome.Failed, $"refused, not changed: {plan.Problem}", at),
            _ => throw new UnreachableException(),
        };
    }

    /// <summary>What one database's run has done so far.</summary>
    private sealed class StepRun(DatabaseTarget target, PlanDirection direction, SemVersion from)
    {
        private readonly List<string> _warnings = [];
        private readonly HashSet<string> _warned = new(StringComparer.Ordinal); // a step may warn again; looking is O(1)

        public DatabaseTarget Target { get; } = target;
        public PlanDirection Direction { get; } = direction;
        public SemVersion From { get; } = from;
        public SemVersion Current { get; set; } = from;
        public List<AppliedStep> Applied { get; } = [];
        public IReadOnlyList<DriftedEdge> Drift { get; init; } = [];

        /// <summary>The edge as it is walked: <c>1.0.0→1.1.0</c> going up, <c>1.1.0→1.0.0</c> going down.</summary>
        public string Edge(ScopedStep step) => Direction == PlanDirection.Up ? step.Step.ToString() : $"{step.Step.To}→{step.Step.From}";

        public void Warn(IEnumerable<string> warnings)
        {
            foreach (string w in warnings)
            {
                if (_warned.Add(w)) _warnings.Add(w);
            }
        }

        public DatabaseResult Drifted(IReadOnlyList<DriftedEdge> drift) =>
            new(Target, DatabaseOutcome.Drift, From, Current, Applied, null, drift,
                "recorded steps differ from the ledger (use 'ledger verify' to see them); " + DriftedEdge.WhatToDo, _warnings, null, 0);

        public DatabaseResult Moved(PlanUnit unit, JournalState journal) =>
            new(Target, DatabaseOutcome.Failed, From, Current, Applied, null, Drift,
                $"another runner moved its history table to {journal.Current} while this run was about to run step {Edge(unit.Steps[0])}; " +
                "not changed further (run again to continue from there)", _warnings, null, 0);

        public DatabaseResult Incomplete(JournalState journal) =>
            new(Target, DatabaseOutcome.Failed, From, Current, Applied, null, Drift,
                $"another run started step {string.Join(", ", journal.Started.Select(r => $"{r.From}→{r.To}"))} outside a transaction and has " +
                "not finished it (its row in the history table is 'started'); not changed further (run again once that run is over; " +
                "if it was interrupted, 'ledger apply --resume' runs the block again)", _warnings, null, 0);

        public DatabaseResult Fail(StepFailure failure) =>
            new(Target, DatabaseOutcome.Failed, From, Current, Applied, failure, Drift, failure.ToString(), _warnings, null, 0);

        public DatabaseResult Result(DatabaseOutcome outcome, long durationMs, string? backup) =>
            new(Target, outcome, From, Current, Applied, null, Drift, null, _warnings, backup, durationMs);
    }
}
