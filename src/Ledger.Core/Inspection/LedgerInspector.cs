using System.Data.Common;
using Ledger.Execution;
using Ledger.Journal;
using Ledger.Model;
using Ledger.Planning;
using Ledger.Scoping;
using Ledger.Targets;
using Ledger.Versions;

namespace Ledger.Inspection;

/// <summary>
/// Reads every database's journal read-only and plans it, scope by scope in declared order: the data behind
/// <c>plan</c>, <c>status</c> and <c>verify</c>, and what <c>rollback</c> checks first. Changes nothing, creates
/// nothing (an engine may roll back an interrupted transaction a crash left, to read the last committed state, as
/// SQLite does).
/// </summary>
/// <param name="targets">The scopes and where their databases are.</param>
public sealed class LedgerInspector(ScopeTargets targets)
{
    /// <summary>Inspects every database of every scope.</summary>
    /// <param name="set">The validated ledger.</param>
    /// <param name="target">The target version; null for the ledger's default.</param>
    /// <param name="integrity">Run the integrity check too: null for none, false for the quick check, true for the full one.</param>
    /// <param name="cancellationToken">Stops the inspection.</param>
    public Task<InspectionResult> InspectAsync(MigrationSet set, SemVersion? target, bool? integrity, CancellationToken cancellationToken = default) =>
        InspectAsync(set, target, integrity, includePlanned: false, cancellationToken);

    /// <summary>Inspects every database of every scope, for a run that may pass planned steps.</summary>
    /// <param name="set">The validated ledger.</param>
    /// <param name="target">The target version; null for the ledger's default.</param>
    /// <param name="integrity">Run the integrity check too: null for none, false for the quick check, true for the full one.</param>
    /// <param name="includePlanned">
    /// The run would pass planned steps as they are (<see cref="ApplyOptions.IncludePlanned"/>): no
    /// <see cref="InspectionResult.PlannedRefusal"/>.
    /// </param>
    /// <param name="cancellationToken">Stops the inspection.</param>
    public Task<InspectionResult> InspectAsync(MigrationSet set, SemVersion? target, bool? integrity, bool includePlanned,
        CancellationToken cancellationToken = default) =>
        InspectAsync(set, target ?? set.DefaultTarget, integrity, PlanDirection.Up, includePlanned, cancellationToken);

    /// <summary>
    /// Plans a rollback of every database of every scope to <paramref name="target"/>, changing nothing: the data behind
    /// <c>plan --rollback-to</c>, and what <c>rollback</c> checks before it touches any database.
    /// </summary>
    /// <param name="set">The validated ledger.</param>
    /// <param name="target">The version to go back to (on the line).</param>
    /// <param name="cancellationToken">Stops the inspection.</param>
    public Task<InspectionResult> InspectRollbackAsync(MigrationSet set, SemVersion target, CancellationToken cancellationToken = default) =>
        InspectAsync(set, target, integrity: null, PlanDirection.Down, includePlanned: false, cancellationToken);

    /// <summary>
    /// The SQL a run would run on one inspected database, as <c>plan --format sql</c> prints it: the database's plan made
    /// into statements by its scope's engine exactly as <see cref="DatabaseMigrator"/> makes them
    /// (<see cref="ExecutionPlan.Build"/>, with what the inspection found of its journal table), then written out
    /// (<see cref="PlanScript.Render"/>). The one place that says how a plan is shown, so that a test comparing it with
    /// what a run executes holds the command to it too.
    /// </summary>
    /// <param name="inspection">A database this inspector inspected, with a plan (<c>plan</c> shows those with pending steps).</param>
    /// <param name="mode">Steps per transaction, as the run's <see cref="ApplyOptions.TransactionMode"/>.</param>
    /// <param name="fullCheck">The full integrity check after the last step, as the run's <see cref="ApplyOptions.FullCheck"/>.</param>
    public string Script(DatabaseInspection inspection, TransactionMode mode, bool fullCheck)
    {
        DatabasePlan plan = inspection.Plan ?? throw new ArgumentException($"{inspection.Target} has no plan: {inspection.Problem}", nameof(inspection));
        ScopeDefinition scope = targets.Layout.Find(inspection.Target.Scope)
                                ?? throw new ArgumentException($"{inspection.Target} is of no scope this inspector inspects", nameof(inspection));
        return PlanScript.Render(ExecutionPlan.Build(plan, inspection.Target, targets.EngineOf(scope), mode, fullCheck, inspection.JournalTableExists,
            inspection.JournalNeedsUpgrade));
    }

    private async Task<InspectionResult> InspectAsync(MigrationSet set, SemVersion version, bool? integrity, PlanDirection direction,
        bool includePlanned, CancellationToken cancellationToken)
    {
        var scopes = new List<ScopeInspection>();
        foreach (ScopeDefinition scope in targets.Layout)
        {
            IDatabaseEngine engine = targets.EngineOf(scope);
            if (!scope.IsSet)
            {
                scopes.Add(new ScopeInspection(scope, [await InspectOneAsync(engine, set, targets.One(scope), version, integrity, direction, cancellationToken)]));
                continue;
            }

            var inspections = new List<DatabaseInspection>();
            string? note = null;
            ScopeDefinition? from = targets.ListedBy(scope);
            DatabaseInspection? listedBy = from is null ? null : scopes.FirstOrDefault(s => s.Scope == from)?.Databases.SingleOrDefault();
            try
            {
                // The listing database's existence is asked inside the try: a server that cannot be reached means
                // the set cannot be listed, as a query that fails does.
                if (from is not null && !await targets.EngineOf(from).ExistsAsync(targets.One(from), cancellationToken))
                {
                    note = $"{scope.Name} databases are listed by the {from.Name} database, which does not exist yet";
                }
                else if (direction == PlanDirection.Up && listedBy?.Plan is { Status: PlanStatus.Pending } fresh && fresh.Current == SemVersion.Baseline)
                {
                    // A database with no step applied yet is a new one (another runner may have just created it): the table
                    // its query reads does not exist yet, and its set has no members yet. Not a failure: 'apply' runs the
                    // listing database's steps first.
                    scopes.Add(new ScopeInspection(scope, inspections,
                        $"{scope.Name} databases are listed by the {from!.Name} database, which has no step applied yet ('apply' runs its steps first)"));
                    continue;
                }
                else
                {
                    // All names first, then each database: the database the query runs on is not held while they are read.
                    // Journals are read ahead in batches where the engine can; a member is opened only when its snapshot
                    // cannot tell (or an integrity check needs a connection).
                    UserList members = await targets.ListAsync(scope, cancellationToken);
                    bool checks = integrity is not null && engine.TryGet<IIntegrityCheck>() is not null;
                    await foreach ((UserDatabase member, JournalSnapshot? snapshot) in JournalBatches.ReadAsync(engine, members, m => checks ? null : m.Target, cancellationToken))
                    {
                        inspections.Add(member.Target is null
                            ? new DatabaseInspection(new DatabaseTarget(scope.Name, member.Name, "(none)"), false, null, member.Problem, [])
                            : snapshot is not null ? FromSnapshot(engine, set, member.Target, snapshot, version, direction)
                            : await InspectOneAsync(engine, set, member.Target, version, integrity, direction, cancellationToken));
                    }
                }
            }
            catch (Exception e) when (UserList.IsListingFailure(e))
            {
                note = $"{scope.Name} databases could not be listed: {e.Message}" +
                       (listedBy?.Plan?.Status == PlanStatus.Pending ? $" (the {from!.Name} database has pending steps; 'apply' runs them first)" : "");
                scopes.Add(new ScopeInspection(scope, inspections, note) { NotListed = true });
                continue;
            }

            scopes.Add(new ScopeInspection(scope, inspections, note));
        }

        if (direction == PlanDirection.Down)
        {
            return new InspectionResult(version, scopes);
        }

        IEnumerable<DatabaseInspection> all = scopes.SelectMany(s => s.Databases);
        return new InspectionResult(version, scopes)
        {
            PlannedNotes = PlannedSteps.Notes(set, version, all.Select(i => i.Plan?.Current).OfType<SemVersion>()),
            PlannedRefusal = PlannedSteps.Problem(version, all.Select(i => i.Plan).OfType<DatabasePlan>(), includePlanned),
            PlannedListing = PlannedSteps.Listing(set),
        };
    }

    /// <summary>A database inspected from its journal read ahead: what <see cref="InspectOneAsync"/> would say, without a connection.</summary>
    private static DatabaseInspection FromSnapshot(IDatabaseEngine engine, MigrationSet set, DatabaseTarget target, JournalSnapshot snapshot, SemVersion version,
        PlanDirection direction) =>
        new(target, snapshot.Exists, snapshot.Plan(engine, set, target, version, direction, allowDrift: snapshot.Exists), null, [])
        {
            JournalTableExists = snapshot.Journal.TableExists,
        };

    private static async Task<DatabaseInspection> InspectOneAsync(IDatabaseEngine engine, MigrationSet set, DatabaseTarget target, SemVersion version,
        bool? integrity, PlanDirection direction, CancellationToken cancellationToken)
    {
        try
        {
            // Inside the try: a server that cannot be reached is this database's error, as an unreadable file is.
            if (!await engine.ExistsAsync(target, cancellationToken))
            {
                return new DatabaseInspection(target, false, MigrationPlanner.Plan(set, target.Scope, JournalState.Empty, version, direction, allowDrift: false), null, []);
            }

            await using IMigrationConnection connection = await engine.OpenReadOnlyAsync(target, cancellationToken);
            JournalState journal = await connection.ReadJournalAsync(cancellationToken);
            DatabasePlan plan = MigrationPlanner.Plan(set, target.Scope, journal, version, direction, allowDrift: true, splitter: engine.TryGet<Sql.IStatementSplitter>());
            IReadOnlyList<string> problems = integrity is bool full && engine.TryGet<IIntegrityCheck>() is { } check
                ? await check.CheckAsync(connection, full, cancellationToken)
                : [];
            bool upgrade = await JournalUpgrades.IsNeededAsync(engine, connection, journal, plan, cancellationToken);
            return new DatabaseInspection(target, true, plan, null, problems) { JournalTableExists = journal.TableExists, JournalNeedsUpgrade = upgrade };
        }
        catch (Exception e) when (e is DbException or IOException or UnauthorizedAccessException)
        {
            return new DatabaseInspection(target, true, null, e.Message, []);
        }
    }
}
