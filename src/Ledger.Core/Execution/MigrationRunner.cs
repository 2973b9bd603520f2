using System.Collections.Concurrent;
using System.Globalization;
using Ledger.Inspection;
using Ledger.Model;
using Ledger.Planning;
using Ledger.Scoping;
using Ledger.Targets;
using Ledger.Versions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Ledger.Execution;

/// <summary>
/// Runs <c>apply</c> (docs/apply.md) over every scope, in declared order, each brought to the target before the next starts:
/// a single-database scope is one database; a set is listed in one short read and its members run several at once, each
/// independent of the others. Runs <c>rollback</c> the other way round, after planning every database of every scope.
/// When a scope's end stops the others is <see cref="ScopeOrder"/>'s to say. Returns plain data; prints nothing.
/// </summary>
public sealed class MigrationRunner
{
    private readonly ScopeTargets _targets;
    private readonly ILogger _logger;
    private readonly Dictionary<string, DatabaseMigrator> _migrators = new(StringComparer.Ordinal);

    /// <summary>Creates a runner.</summary>
    /// <param name="targets">The scopes to run and where their databases are.</param>
    /// <param name="logger">Optional logger.</param>
    public MigrationRunner(ScopeTargets targets, ILogger? logger = null)
    {
        _targets = targets;
        _logger = logger ?? NullLogger.Instance;
        foreach (string name in targets.Engines.Names)
        {
            _migrators[name] = new DatabaseMigrator(targets.Engines.Get(name), _logger, TimeProvider.System);
        }
    }

    /// <summary>The scopes a run takes, in declared order.</summary>
    private ScopeLayout Layout => _targets.Layout;

    private DatabaseMigrator MigratorOf(ScopeDefinition scope) => _migrators[_targets.EngineOf(scope).Name];

    /// <summary>
    /// Brings one database of a scope to the target (<see cref="ApplyOptions.Target"/>, or the ledger's default) with the
    /// engine of its scope: for a database needed on demand (a new user's), outside a run over the scopes.
    /// </summary>
    /// <param name="target">The database; its <see cref="DatabaseTarget.Scope"/> names the scope.</param>
    /// <param name="set">The validated ledger.</param>
    /// <param name="options">How to run.</param>
    /// <param name="create">Create the database when it does not exist.</param>
    /// <param name="cancellationToken">Checked between steps.</param>
    public Task<DatabaseResult> MigrateOneAsync(DatabaseTarget target, MigrationSet set, ApplyOptions options, bool create,
        CancellationToken cancellationToken = default)
    {
        // The whole layout: a database may belong to a scope the run's selection left out. The library's legacy layout
        // declares no user scope when users are neither listed nor globbed, yet EnsureUserAsync migrates them: until it
        // declares one, a scope the layout lacks still gets the default engine here (baseline refuses it).
        ScopeDefinition scope = Layout.Whole.Find(target.Scope) ?? new ScopeDefinition(target.Scope);

        return MigratorOf(scope).MigrateAsync(target, set, options.Target ?? set.DefaultTarget, options, create, cancellationToken);
    }

    /// <summary>Applies the ledger to every scope.</summary>
    /// <param name="set">The validated ledger.</param>
    /// <param name="options">How to run.</param>
    /// <param name="observer">Hears each scope's start and each database's result, for progress.</param>
    /// <param name="cancellationToken">Stops starting databases; a running step finishes or rolls back.</param>
    public async Task<RunResult> ApplyAsync(MigrationSet set, ApplyOptions options, IRunObserver? observer = null, CancellationToken cancellationToken = default)
    {
        SemVersion target = options.Target ?? set.DefaultTarget;
        if (!set.Contains(target))
        {
            throw new ArgumentException($"target {target} is not on the ledger's version line", nameof(options));
        }

        // A target past planned steps: every database is planned read-only first (as a rollback is), and the run is
        // refused before any is touched when one of them would pass a planned step. Up to the default target there is none.
        if (!options.IncludePlanned && PlannedSteps.UpTo(set, target).Count > 0)
        {
            InspectionResult inspection = await new LedgerInspector(_targets).InspectAsync(set, target, integrity: null, cancellationToken);
            if (inspection.PlannedRefusal is string planned)
            {
                _logger.LogDebug("apply to {Version} refused: {Reason}", target, planned);
                return new RunResult(target, []) { PlannedRefusal = planned };
            }
        }

        var scopes = new List<ScopeResult>();
        Func<ScopeDefinition, string>? stop = null;
        foreach (ScopeDefinition scope in ScopeOrder.InRunOrder(Layout, PlanDirection.Up))
        {
            ScopeResult done;
            if (stop is not null)
            {
                done = NotReached(scope, stop(scope), PlanDirection.Up, null, observer);
            }
            else if (!scope.IsSet)
            {
                observer?.ScopeStarted(scope, 1);
                DatabaseResult one = await MigratorOf(scope).MigrateAsync(_targets.One(scope), set, target, options, create: true, cancellationToken);
                observer?.Finished(one);
                done = new ScopeResult(scope, [one]);
            }
            else
            {
                done = await ApplySetAsync(scope, set, target, options, observer, cancellationToken);
            }

            scopes.Add(done);
            stop ??= ScopeOrder.Stop(done, PlanDirection.Up, options.FailFast, cancellationToken.IsCancellationRequested);
        }

        return new RunResult(target, scopes, cancellationToken.IsCancellationRequested)
        {
            PlannedNotes = PlannedSteps.Notes(set, target, scopes.SelectMany(s => s.Databases).Select(r => r.To).OfType<SemVersion>()),
        };
    }

    private async Task<ScopeResult> ApplySetAsync(ScopeDefinition scope, MigrationSet set, SemVersion target, ApplyOptions options,
        IRunObserver? observer, CancellationToken cancellationToken)
    {
        // Every name is read first, in one short read, and the database the query runs on is closed before the first
        // member is touched: the application keeps writing to it during the fan-out.
        UserList listed;
        try
        {
            listed = await _targets.ListAsync(scope, cancellationToken);
        }
        catch (Exception e) when (UserList.IsListingFailure(e))
        {
            return ScopeResult.Unlisted(scope, _targets, e);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            listed = UserList.Empty; // the fan-out below reports the interruption
        }

        observer?.ScopeStarted(scope, listed.Count);
        DatabaseMigrator migrator = MigratorOf(scope);
        bool create = options.CreateMissing || scope.CreateMissing;
        var results = new ConcurrentQueue<DatabaseResult>();
        // Journals are read ahead in batches where the engine can: a member already at the target is settled from its
        // snapshot without a connection of its own; the others are opened and read again inside each step, as always.
        IAsyncEnumerable<(UserDatabase User, JournalSnapshot? Snapshot)> members =
            JournalBatches.ReadAsync(_targets.EngineOf(scope), listed, u => u.Target, cancellationToken);
        string? notReached = await FanOutAsync(members, m => m.User.Target is null
                ? Task.FromResult(Rejected(scope, m.User.Name, m.User.Problem))
                : (m.Snapshot is null ? null : migrator.Settled(m.User.Target, set, target, options, create, m.Snapshot)) is DatabaseResult settled
                    ? Task.FromResult(settled)
                    : migrator.MigrateAsync(m.User.Target, set, target, options, create, cancellationToken),
            options, results, observer, "databases not started yet", cancellationToken);
        return new ScopeResult(scope, results.ToArray(), notReached) { NotStarted = notReached is null ? 0 : NotStarted(listed.Count, results.Count) };
    }

    /// <summary>
    /// Rolls every database back to <paramref name="to"/> (<c>ledger rollback</c>, docs/rollback.md). First every database of
    /// every scope is planned read-only; when any plan is unacceptable (a step in range with SQL and no down block,
    /// drift on an edge in range, a database off the line or unreadable, a set that cannot be listed), no database is
    /// touched. Otherwise the scopes are rolled back in reverse order, a set's members several at once; a scope one of
    /// whose databases failed leaves the scopes before it as they are (<see cref="ScopeOrder"/>). Each edge runs in its
    /// own transaction (its down block, then the deletion of its journal row), with the same backups, locking and
    /// foreign-key checks as <see cref="ApplyAsync"/>.
    /// </summary>
    /// <param name="set">The validated ledger.</param>
    /// <param name="to">The version to go back to; must be on the line.</param>
    /// <param name="options">How to run (<c>Target</c>, <c>AllowDrift</c> and <c>CreateMissing</c> are not used).</param>
    /// <param name="observer">Hears each scope's start and each database's result, for progress; nothing when the rollback is refused, as no database starts.</param>
    /// <param name="cancellationToken">Stops starting databases; a running step finishes or rolls back.</param>
    public async Task<RunResult> RollbackAsync(MigrationSet set, SemVersion to, ApplyOptions options,
        IRunObserver? observer = null, CancellationToken cancellationToken = default)
    {
        if (!set.Contains(to))
        {
            throw new ArgumentException($"version {to} is not on the ledger's version line", nameof(to));
        }

        InspectionResult inspection = await new LedgerInspector(_targets).InspectRollbackAsync(set, to, cancellationToken);
        if (Refusal(inspection) is string refusal)
        {
            _logger.LogDebug("rollback to {Version} refused: {Reason}", to, refusal);
            // Decided before any database was started: nothing runs, so the observer hears nothing (no progress line
            // per database, which at 2,000 databases is 2,000 lines saying what the result says once).
            // A set that cannot be listed is a failure (as in apply), so the refused run exits 1.
            ScopeResult[] refused = inspection.Scopes
                .Select(scope => new ScopeResult(scope.Scope, scope.Databases.Select(NotChanged).ToArray()) { NotListed = scope.NotListed })
                .ToArray();

            return new RunResult(to, refused)
            {
                Direction = PlanDirection.Down,
                Refusal = $"rollback refused before any database was changed: {refusal}",
            };
        }

        var done = new Dictionary<ScopeInspection, ScopeResult>();
        Func<ScopeDefinition, string>? stop = null;
        foreach (ScopeInspection scope in ScopeOrder.InRunOrder(inspection.Scopes, PlanDirection.Down))
        {
            ScopeResult result;
            if (stop is not null)
            {
                result = NotReached(scope.Scope, stop(scope.Scope), PlanDirection.Down, scope, observer);
            }
            else
            {
                observer?.ScopeStarted(scope.Scope, scope.Databases.Count);
                DatabaseMigrator migrator = MigratorOf(scope.Scope);
                var results = new ConcurrentQueue<DatabaseResult>();
                string? notReached = await FanOutAsync(Async(scope.Databases), i => i.Problem is not null
                        ? Task.FromResult(DatabaseResult.Of(i.Target, DatabaseOutcome.Failed, i.Problem) with { Direction = PlanDirection.Down })
                        : migrator.RollBackAsync(i.Target, set, to, options, cancellationToken),
                    options, results, observer, NotStartedDown(scope.Scope), cancellationToken);
                result = new ScopeResult(scope.Scope, results.ToArray(), notReached)
                {
                    NotStarted = notReached is null ? 0 : NotStarted(scope.Databases.Count, results.Count),
                };
            }

            done[scope] = result;
            stop ??= ScopeOrder.Stop(result, PlanDirection.Down, options.FailFast, cancellationToken.IsCancellationRequested);
        }

        return new RunResult(to, inspection.Scopes.Select(s => done[s]).ToArray(), cancellationToken.IsCancellationRequested)
        {
            Direction = PlanDirection.Down,
        };
    }

    /// <summary>What a fan-out stopped early leaves, going down: the members not started, and every scope before this one.</summary>
    private string NotStartedDown(ScopeDefinition scope)
    {
        ScopeDefinition[] earlier = Layout.TakeWhile(s => !ReferenceEquals(s, scope)).ToArray();
        return earlier.Length == 0 ? "databases not started yet"
            : $"databases not started yet, and the {string.Join(" and the ", earlier.Select(ScopeOrder.Databases))},";
    }

    /// <summary>A scope the run did not reach: a skipped result for a single database (its version when known), none for a set.</summary>
    private ScopeResult NotReached(ScopeDefinition scope, string why, PlanDirection direction, ScopeInspection? inspected, IRunObserver? observer)
    {
        if (scope.IsSet)
        {
            return new ScopeResult(scope, [], why);
        }

        DatabaseInspection? i = inspected?.Databases.SingleOrDefault();
        DatabaseResult skipped = DatabaseResult.Of(i?.Target ?? _targets.One(scope), DatabaseOutcome.Skipped,
            (direction == PlanDirection.Up ? "not migrated: " : "not rolled back: ") + why, i?.Plan?.Current) with { Direction = direction };
        observer?.ScopeStarted(scope, 1);
        observer?.Finished(skipped);
        return new ScopeResult(scope, [skipped], why);
    }

    /// <summary>A member whose name was rejected (never made into a location).</summary>
    private static DatabaseResult Rejected(ScopeDefinition scope, string name, string? problem) =>
        DatabaseResult.Of(new DatabaseTarget(scope.Name, name, "(none)"), DatabaseOutcome.Failed, problem);

    /// <summary>How many of the members listed have no result (never started): for a fan-out that stopped early.</summary>
    private static int NotStarted(int listed, int finished) => Math.Max(0, listed - finished);

    /// <summary>
    /// Runs <paramref name="run"/> on each database, <see cref="ApplyOptions.EffectiveParallelism"/> at a time, queuing
    /// and reporting each result; with <see cref="ApplyOptions.FailFast"/> the first failure stops starting others.
    /// </summary>
    /// <returns>Why some databases were not reached, or null when all were.</returns>
    private static async Task<string?> FanOutAsync<T>(IAsyncEnumerable<T> databases, Func<T, Task<DatabaseResult>> run,
        ApplyOptions options, ConcurrentQueue<DatabaseResult> results, IRunObserver? observer, string notStarted, CancellationToken cancellationToken)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = options.EffectiveParallelism, CancellationToken = stop.Token };
        try
        {
            await Parallel.ForEachAsync(databases, parallel, async (database, _) =>
            {
                DatabaseResult result = await run(database);
                results.Enqueue(result);
                observer?.Finished(result);
                if (options.FailFast && result.Outcome == DatabaseOutcome.Failed)
                {
                    await stop.CancelAsync();
                }
            });
            return null;
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            return cancellationToken.IsCancellationRequested
                ? "interrupted: databases not started yet were left as they were; running steps finished or rolled back"
                : $"stopped at the first failure (--fail-fast): {notStarted} were left as they were";
        }
    }

    private static async IAsyncEnumerable<T> Async<T>(IEnumerable<T> items)
    {
        foreach (T item in items) yield return item;
        await Task.CompletedTask;
    }

    /// <summary>How many groups of databases refused for the same reason the refusal names; the rest are counted.</summary>
    private const int RefusalReasonsShown = 3;

    /// <summary>
    /// Why a rollback must not start, or null when every database can be rolled back (or has nothing to do). The reason
    /// describes the step, not a database: databases of a scope refused for the same reason are counted once
    /// (<c>2,000 user databases: step user 0.3.19→0.3.20 has SQL (…) and no down block …</c>); a database
    /// alone in its reason is named (<c>user u0007: drift on …</c>).
    /// </summary>
    private static string? Refusal(InspectionResult inspection)
    {
        if (inspection.Scopes.FirstOrDefault(s => s.NotListed) is ScopeInspection unlisted)
        {
            return unlisted.Note;
        }

        var reasons = new List<(DatabaseTarget Target, string Separator, string Reason)>();
        foreach (DatabaseInspection i in inspection.All)
        {
            if (i.Problem is not null)
            {
                // A rejected member name has no database to protect: it fails on its own, as in apply.
                if (i.Exists) reasons.Add((i.Target, " cannot be read: ", i.Problem));
                continue;
            }

            switch (i.Plan!.Status)
            {
                case PlanStatus.Refused:
                case PlanStatus.Ahead:
                    reasons.Add((i.Target, ": ", i.Plan.Problem!));
                    break;
                case PlanStatus.Drift:
                    reasons.Add((i.Target, ": ", $"drift on {string.Join("; ", i.Plan.Drift.Select(d => d.Describe()))}"));
                    break;
            }
        }

        if (reasons.Count == 0) return null;
        var groups = reasons.GroupBy(r => (r.Target.Scope, r.Target.IsSingle, r.Separator, r.Reason)).ToList();
        IEnumerable<string> shown = groups.Take(RefusalReasonsShown).Select(g => g.Count() == 1
            ? Name(g.First().Target) + g.Key.Separator + g.Key.Reason
            : $"{g.Count().ToString("N0", CultureInfo.InvariantCulture)} {g.Key.Scope} databases{g.Key.Separator}{g.Key.Reason}");
        int more = groups.Skip(RefusalReasonsShown).Sum(g => g.Count());
        return string.Join("; ", shown) + (more > 0 ? $" (and {more.ToString("N0", CultureInfo.InvariantCulture)} more database(s) that cannot be rolled back)" : "");

        static string Name(DatabaseTarget t) => t.IsSingle ? $"{t.Scope} database" : $"{t.Scope} {t.Name}";
    }

    /// <summary>A database's result when the rollback was refused: why it blocks the rollback, or that it was left alone.</summary>
    private static DatabaseResult NotChanged(DatabaseInspection i)
    {
        SemVersion? at = i.Plan?.Current;
        DatabaseResult result;
        if (i.Problem is not null)
        {
            result = DatabaseResult.Of(i.Target, DatabaseOutcome.Failed, i.Exists ? $"cannot be read: {i.Problem}" : i.Problem);
        }
        else
        {
            result = i.Plan!.Status switch
            {
                PlanStatus.Refused => DatabaseResult.Of(i.Target, DatabaseOutcome.Failed, $"refused, not changed: {i.Plan.Problem}", at),
                PlanStatus.Ahead => DatabaseResult.Of(i.Target, DatabaseOutcome.Ahead, i.Plan.Problem, at),
                PlanStatus.Drift => new DatabaseResult(i.Target, DatabaseOutcome.Drift, at, at, [], null, i.Plan.Drift,
                    "recorded steps in the range differ from the ledger: their down blocks may not undo what ran", [], null, 0),
                _ => DatabaseResult.Of(i.Target, DatabaseOutcome.Skipped, "not changed: the rollback was refused", at),
            };
        }

        return result with { Direction = PlanDirection.Down };
    }
}
