using System.Data.Common;
using System.Diagnostics;
using System.Globalization;
using Ledger.Journal;
using Ledger.Model;
using Ledger.Planning;
using Ledger.Sql;
using Ledger.Versions;
using Microsoft.Extensions.Logging;

namespace Ledger.Execution;

/// <summary>
/// Brings one database to a target version (spec §3, points 4–8): one transaction per step (or per database),
/// the journal re-read inside it, the block run statement by statement, foreign keys checked before commit, the
/// journal row written in the same transaction. The same algorithm runs both ways: going up (<c>apply</c>) a step runs
/// its up block and inserts its journal row; going down (<c>rollback</c>) it runs its down block and deletes that row.
/// Never throws for a database's problems: they become its result.
/// </summary>
public sealed class DatabaseMigrator
{
    private readonly IDatabaseEngine _engine;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;

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

    private async Task<DatabaseResult> RunAsync(DatabaseTarget target, MigrationSet set, SemVersion version, ApplyOptions options,
        bool create, PlanDirection direction, CancellationToken cancellationToken)
    {
        long started = _time.GetTimestamp();
        bool existed = _engine.Exists(target);
        if (!existed && !create)
        {
            return DatabaseResult.Of(target, DatabaseOutcome.Skipped, direction == PlanDirection.Up
                ? "database does not exist (use --create-missing to create it)"
                : "database does not exist; nothing to roll back");
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
                return DatabaseResult.Of(target, DatabaseOutcome.Failed, $"cannot read its journal: {e.Message}");
            }

            DatabasePlan plan = MigrationPlanner.Plan(set, target.Scope, journal, version, direction, options.AllowDrift);
            if (plan.Status != PlanStatus.Pending)
            {
                return Settled(target, plan, journal);
            }

            if (options.Backup && existed)
            {
                backup = await connection.BackupAsync(options.BackupDirectory, journal.Current.Normalized, cancellationToken);
            }

            run = new StepRun(target, set, version, options, direction, journal.Current) { Drift = plan.Drift };
            DatabaseResult? early = await RunStepsAsync(connection, run, plan, journal, cancellationToken);
            if (early is not null)
            {
                return early with { BackupPath = backup, DurationMs = Elapsed(started) };
            }

            IReadOnlyList<string> problems = await connection.CheckIntegrityAsync(options.FullCheck, cancellationToken);
            if (problems.Count > 0)
            {
                return run.Result(DatabaseOutcome.Failed, Elapsed(started), backup) with
                {
                    Message = $"{(options.FullCheck ? "integrity_check" : "quick_check")} failed after migrating: {string.Join("; ", problems.Take(5))}",
                };
            }

            return run.Result(run.Applied.Count > 0 ? DatabaseResult.Moved(direction) : DatabaseOutcome.Current, Elapsed(started), backup);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            const string interrupted = "interrupted before it finished (every committed step is recorded)";
            return run is null
                ? DatabaseResult.Of(target, DatabaseOutcome.Skipped, interrupted)
                : run.Result(DatabaseOutcome.Skipped, Elapsed(started), backup) with { Message = interrupted };
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

    /// <summary>Runs pending units until the target; returns a result only when the run ends early.</summary>
    private async Task<DatabaseResult?> RunStepsAsync(IMigrationConnection connection, StepRun run, DatabasePlan plan, JournalState journal,
        CancellationToken cancellationToken)
    {
        ForeignKeyReport? before = null; // violations known to exist before the current unit
        // How many of plan.Pending are committed: the plan is advanced by counting, not by copying what is left after
        // every step (which cost time in proportion to the steps still to run).
        int done = 0;
        while (plan.Status == PlanStatus.Pending)
        {
            cancellationToken.ThrowIfCancellationRequested();
            IReadOnlyList<ScopedStep> unit = run.Options.TransactionMode == TransactionMode.PerDatabase
                ? (done == 0 ? plan.Pending : plan.Pending.Skip(done).ToList())
                : [plan.Pending[done]];
            var entries = new List<JournalEntry>(unit.Count);
            bool retry = false;

            IStepTransaction tx;
            try
            {
                tx = await connection.BeginStepAsync(cancellationToken);
            }
            catch (DbException e)
            {
                return run.Fail(new StepFailure(run.Edge(unit[0]), null, null, $"could not start the step's transaction: {e.Message}"));
            }

            await using (tx)
            {
                // Another runner may have moved this database since we looked: plan again from what is there now.
                JournalState? inside;
                try
                {
                    inside = await tx.ReadJournalIfChangedAsync(cancellationToken);
                }
                catch (DbException e)
                {
                    return run.Fail(new StepFailure(run.Edge(unit[0]), null, null, $"cannot read its journal: {e.Message}"));
                }

                if (inside is not null && !inside.SameAs(journal))
                {
                    journal = inside;
                    run.Current = journal.Current;
                    plan = MigrationPlanner.Plan(run.Set, run.Target.Scope, journal, run.Version, run.Direction, run.Options.AllowDrift);
                    done = 0;
                    if (plan.Status is PlanStatus.Drift or PlanStatus.Ahead or PlanStatus.Refused) return Settled(run.Target, plan, journal) with { Applied = run.Applied };
                    continue;
                }

                foreach (ScopedStep step in unit)
                {
                    long stepStarted = _time.GetTimestamp();
                    MigrationBlock? block = plan.BlockOf(step);
                    foreach (SqlStatement statement in block?.Statements ?? [])
                    {
                        try
                        {
                            await tx.ExecuteAsync(statement.Text, cancellationToken);
                        }
                        catch (DbException e)
                        {
                            return run.Fail(new StepFailure(run.Edge(step), SqlScript.Abbreviate(statement.Text), block!.LocationOf(statement), e.Message));
                        }
                    }

                    // Going down, the entry names the row to delete; its kind says whether a down block ran.
                    entries.Add(new JournalEntry(step.Scope, step.Step.From.Normalized, step.Step.To.Normalized, step.Checksum, step.Title,
                        _time.GetUtcNow().UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture),
                        (long)_time.GetElapsedTime(stepStarted).TotalMilliseconds,
                        block?.HasSql == true ? JournalKinds.Applied : JournalKinds.Empty));
                }

                if (unit.Any(s => plan.BlockOf(s)?.HasSql == true))
                {
                    ForeignKeyReport after = await tx.CheckForeignKeysAsync(cancellationToken);
                    run.Warn(after.Mismatches.Select(m => $"foreign key mismatch (schema defect, not a failure): {m}"));
                    if (after.Violations.Count > 0)
                    {
                        if (before is null)
                        {
                            // Were they there already? Roll back and look at the database as it was, then run the unit again.
                            retry = true;
                        }
                        else
                        {
                            IReadOnlyList<ForeignKeyViolation> introduced = after.IntroducedSince(before);
                            if (introduced.Count > 0)
                            {
                                ScopedStep last = unit[^1];
                                return run.Fail(new StepFailure(run.Edge(last), null, plan.BlockOf(last)?.Start,
                                    $"the step leaves {introduced.Count} row(s) violating foreign keys that were not violated before: " +
                                    string.Join(", ", introduced.Take(5)) + (introduced.Count > 5 ? ", …" : "")));
                            }

                            run.Warn([$"{after.Violations.Count} foreign key violation(s) that predate step {run.Edge(unit[^1])} were left as they were"]);
                        }
                    }
                }

                if (!retry)
                {
                    // A failure here (a full disk, a journal table changed by someone else, a reader holding the file at
                    // commit) fails the step like a statement's would: rolled back, named, the steps before it kept.
                    for (int i = 0; i < entries.Count; i++)
                    {
                        JournalEntry entry = entries[i];
                        try
                        {
                            if (run.Direction == PlanDirection.Up) await tx.RecordAsync(entry, cancellationToken);
                            else await tx.RemoveAsync(entry.Scope, entry.From, entry.To, cancellationToken);
                        }
                        catch (DbException e)
                        {
                            string change = run.Direction == PlanDirection.Up ? "recording the step in" : "removing the step's row from";
                            return run.Fail(new StepFailure(run.Edge(unit[i]), null, null, $"failed while {change} the journal: {e.Message}"));
                        }
                    }

                    try
                    {
                        await tx.CommitAsync(cancellationToken);
                    }
                    catch (DbException e)
                    {
                        return run.Fail(new StepFailure(run.Edge(unit[^1]), null, null, $"failed at commit: {e.Message}"));
                    }
                }
            }

            if (retry)
            {
                before = await connection.CheckForeignKeysAsync(cancellationToken);
                continue;
            }

            before = null;
            // The journal as committed, in time proportional to this unit's rows, not to the database's history.
            journal = run.Direction == PlanDirection.Up ? journal.Append(entries) : journal.Without(entries);
            run.Current = journal.Current;
            run.Applied.AddRange(entries.Select(e => run.Direction == PlanDirection.Up
                ? new AppliedStep(e.FromVersion!, e.ToVersion!, e.Kind, e.DurationMs)
                : new AppliedStep(e.ToVersion!, e.FromVersion!, e.Kind, e.DurationMs)));
            _logger.LogDebug("{Database}: {Count} step(s) committed, now at {Version}", run.Target, entries.Count, run.Current);

            // What was just committed is exactly the plan's first steps, checked against a fresh journal inside the
            // transaction: advance the plan instead of planning again (drift cannot have changed by our own commit).
            done += entries.Count;
            if (done == plan.Pending.Count) plan = plan with { Current = journal.Current, Pending = [], Status = PlanStatus.Current };
        }

        return plan.Status == PlanStatus.Current ? null : Settled(run.Target, plan, journal) with { Applied = run.Applied };
    }

    private static DatabaseResult Settled(DatabaseTarget target, DatabasePlan plan, JournalState journal)
    {
        SemVersion at = journal.Current;
        return plan.Status switch
        {
            PlanStatus.Current => new DatabaseResult(target, DatabaseOutcome.Current, at, at, [], null, plan.Drift, null, [], null, 0),
            PlanStatus.Drift => new DatabaseResult(target, DatabaseOutcome.Drift, at, at, [], null, plan.Drift,
                "recorded steps differ from the ledger (use 'ledger verify' to see them, --allow-drift to apply anyway)", [], null, 0),
            PlanStatus.Ahead => DatabaseResult.Of(target, DatabaseOutcome.Ahead, plan.Problem, at),
            PlanStatus.Refused => DatabaseResult.Of(target, DatabaseOutcome.Failed, $"refused, not changed: {plan.Problem}", at),
            _ => throw new UnreachableException(),
        };
    }

    /// <summary>What one database's run has done so far.</summary>
    private sealed class StepRun(DatabaseTarget target, MigrationSet set, SemVersion version, ApplyOptions options, PlanDirection direction, SemVersion from)
    {
        private readonly List<string> _warnings = [];
        private readonly HashSet<string> _warned = new(StringComparer.Ordinal); // a step may warn again; looking is O(1)

        public DatabaseTarget Target { get; } = target;
        public MigrationSet Set { get; } = set;
        public SemVersion Version { get; } = version;
        public ApplyOptions Options { get; } = options;
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

        public DatabaseResult Fail(StepFailure failure) =>
            new(Target, DatabaseOutcome.Failed, From, Current, Applied, failure, Drift, failure.ToString(), _warnings, null, 0);

        public DatabaseResult Result(DatabaseOutcome outcome, long durationMs, string? backup) =>
            new(Target, outcome, From, Current, Applied, null, Drift, null, _warnings, backup, durationMs);
    }
}
