using System.Collections.Concurrent;
using Ledger.Inspection;
using Ledger.Model;
using Ledger.Planning;
using Ledger.Targets;
using Ledger.Versions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Ledger.Execution;

/// <summary>
/// Runs <c>apply</c> (spec §3): the system database first; if it ends well, every user database, several at once,
/// each independent of the others. Runs <c>rollback</c> the other way round: every user database first, then the
/// system database, after planning all of them. Returns plain data; prints nothing.
/// </summary>
public sealed class MigrationRunner
{
    private readonly IDatabaseEngine _engine;
    private readonly ILogger _logger;
    private readonly DatabaseMigrator _migrator;

    /// <summary>Creates a runner.</summary>
    /// <param name="engine">The database engine.</param>
    /// <param name="logger">Optional logger.</param>
    public MigrationRunner(IDatabaseEngine engine, ILogger? logger = null)
    {
        _engine = engine;
        _logger = logger ?? NullLogger.Instance;
        _migrator = new DatabaseMigrator(engine, _logger, TimeProvider.System);
    }

    /// <summary>Applies the ledger.</summary>
    /// <param name="set">The validated ledger.</param>
    /// <param name="system">The system database, or null when there is none (user databases only).</param>
    /// <param name="users">Where user databases come from, or null for none.</param>
    /// <param name="options">How to run.</param>
    /// <param name="observer">Hears each database's result, for progress.</param>
    /// <param name="cancellationToken">Stops starting databases; a running step finishes or rolls back.</param>
    public async Task<RunResult> ApplyAsync(MigrationSet set, DatabaseTarget? system, IUserSource? users, ApplyOptions options,
        IRunObserver? observer = null, CancellationToken cancellationToken = default)
    {
        SemVersion target = options.Target ?? set.DefaultTarget;
        if (!set.Contains(target))
        {
            throw new ArgumentException($"target {target} is not on the ledger's version line", nameof(options));
        }

        DatabaseResult? systemResult = null;
        if (system is not null)
        {
            systemResult = await _migrator.MigrateAsync(system, set, target, options, create: true, cancellationToken);
            observer?.Finished(systemResult);
            if (systemResult.Outcome is DatabaseOutcome.Failed or DatabaseOutcome.Drift or DatabaseOutcome.Ahead or DatabaseOutcome.Skipped)
            {
                return new RunResult(target.Normalized, systemResult, [],
                    $"the system database ended '{systemResult.Outcome.ToString().ToLowerInvariant()}', so no user database was touched",
                    cancellationToken.IsCancellationRequested);
            }
        }

        if (users is null)
        {
            return new RunResult(target.Normalized, systemResult, [], null);
        }

        // Every name is read first, in one short read, and the system database is closed before the first user
        // database is touched: the application keeps writing to it during the fan-out.
        UserList listed;
        try
        {
            listed = await UserList.ReadAsync(_engine, system, users, cancellationToken);
        }
        catch (Exception e) when (UserList.IsListingFailure(e))
        {
            return new RunResult(target.Normalized, systemResult, [UserList.Failure(system, e)], $"the users could not be listed: {e.Message}",
                cancellationToken.IsCancellationRequested);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            listed = UserList.Empty; // the fan-out below reports the interruption
        }

        observer?.UsersCounted(listed.Count);
        var results = new ConcurrentQueue<DatabaseResult>();
        string? notReached = await RunUsersAsync(listed, user => user.Target is null
                ? Task.FromResult(DatabaseResult.Of(new DatabaseTarget(Scopes.User, user.Name, "(none)"), DatabaseOutcome.Failed, user.Problem))
                : _migrator.MigrateAsync(user.Target, set, target, options, options.CreateMissing, cancellationToken),
            options, results, observer, "databases not started yet", cancellationToken);

        return new RunResult(target.Normalized, systemResult, results.ToArray(), notReached, cancellationToken.IsCancellationRequested)
        {
            UsersNotStarted = notReached is null ? 0 : NotStarted(listed.Count, results.Count),
        };
    }

    /// <summary>How many of the users listed have no result (never started): for a fan-out that stopped early.</summary>
    private static int NotStarted(int listed, int finished) => Math.Max(0, listed - finished);

    /// <summary>
    /// Rolls every database back to <paramref name="to"/> (spec §4, <c>ledger rollback</c>). First every database —
    /// system and every user — is planned read-only; when any plan is unacceptable (a step in range with SQL and no
    /// down block, drift on an edge in range, a database off the line or unreadable, users that cannot be listed), no
    /// database is touched. Otherwise the user databases are rolled back first, several at once, then the system
    /// database — unless a user database failed, so that the system never goes below a user database that still needs
    /// it. Each edge runs in its own transaction (its down block, then the deletion of its journal row), with the same
    /// backups, locking and foreign-key checks as <see cref="ApplyAsync"/>.
    /// </summary>
    /// <param name="set">The validated ledger.</param>
    /// <param name="system">The system database, or null.</param>
    /// <param name="users">Where user databases come from, or null for none.</param>
    /// <param name="to">The version to go back to; must be on the line.</param>
    /// <param name="options">How to run (<c>Target</c>, <c>AllowDrift</c> and <c>CreateMissing</c> are not used).</param>
    /// <param name="observer">Hears each database's result, for progress.</param>
    /// <param name="cancellationToken">Stops starting databases; a running step finishes or rolls back.</param>
    public async Task<RunResult> RollbackAsync(MigrationSet set, DatabaseTarget? system, IUserSource? users, SemVersion to, ApplyOptions options,
        IRunObserver? observer = null, CancellationToken cancellationToken = default)
    {
        if (!set.Contains(to))
        {
            throw new ArgumentException($"version {to} is not on the ledger's version line", nameof(to));
        }

        InspectionResult inspection = await new LedgerInspector(_engine).InspectRollbackAsync(set, system, users, to, cancellationToken);
        observer?.UsersCounted(inspection.Users.Count);
        if (Refusal(inspection) is string refusal)
        {
            _logger.LogDebug("rollback to {Version} refused: {Reason}", to, refusal);
            DatabaseResult? refusedSystem = inspection.System is null ? null : NotChanged(inspection.System);
            DatabaseResult[] refusedUsers = inspection.Users.Select(NotChanged).ToArray();
            foreach (DatabaseResult r in refusedUsers.Concat(refusedSystem is null ? [] : [refusedSystem])) observer?.Finished(r);
            return new RunResult(to.Normalized, refusedSystem, refusedUsers, $"rollback refused before any database was changed: {refusal}")
            {
                Direction = PlanDirection.Down,
            };
        }

        var results = new ConcurrentQueue<DatabaseResult>();
        string? notReached = await RunUsersAsync(inspection.Users, user => user.Problem is not null
                ? Task.FromResult(DatabaseResult.Of(user.Target, DatabaseOutcome.Failed, user.Problem))
                : _migrator.RollBackAsync(user.Target, set, to, options, cancellationToken),
            options, results, observer, "databases not started yet, and the system database,", cancellationToken);

        DatabaseResult? systemResult = null;
        if (system is not null)
        {
            int failed = results.Count(r => r.Outcome == DatabaseOutcome.Failed);
            if (notReached is not null || failed > 0)
            {
                notReached ??= $"{failed} user database(s) failed to roll back, so the system database was left as it was";
                systemResult = DatabaseResult.Of(system, DatabaseOutcome.Skipped, "not rolled back: " + notReached, inspection.System?.Plan?.Current.Normalized);
            }
            else
            {
                systemResult = await _migrator.RollBackAsync(system, set, to, options, cancellationToken);
            }

            observer?.Finished(systemResult);
        }

        return new RunResult(to.Normalized, systemResult, results.ToArray(), notReached, cancellationToken.IsCancellationRequested)
        {
            Direction = PlanDirection.Down,
            UsersNotStarted = notReached is null ? 0 : NotStarted(inspection.Users.Count, results.Count),
        };
    }

    /// <summary>
    /// Runs <paramref name="run"/> on each user, <see cref="ApplyOptions.EffectiveParallelism"/> at a time, queuing and
    /// reporting each result; with <see cref="ApplyOptions.FailFast"/> the first failure stops starting others.
    /// </summary>
    /// <returns>Why some users were not reached, or null when all were.</returns>
    private static async Task<string?> RunUsersAsync<T>(IEnumerable<T> users, Func<T, Task<DatabaseResult>> run,
        ApplyOptions options, ConcurrentQueue<DatabaseResult> results, IRunObserver? observer, string notStarted, CancellationToken cancellationToken)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = options.EffectiveParallelism, CancellationToken = stop.Token };
        try
        {
            await Parallel.ForEachAsync(users, parallel, async (user, _) =>
            {
                DatabaseResult result = await run(user);
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

    /// <summary>Why a rollback must not start, or null when every database can be rolled back (or has nothing to do).</summary>
    private static string? Refusal(InspectionResult inspection)
    {
        if (inspection.UsersNote is not null && inspection.System?.Exists != false)
        {
            return inspection.UsersNote;
        }

        var reasons = new List<string>();
        foreach (DatabaseInspection i in inspection.All)
        {
            string name = i.Target.Scope == Scopes.System ? "system database" : $"user {i.Target.Name}";
            if (i.Problem is not null)
            {
                // A rejected user name has no database to protect: it fails on its own, as in apply.
                if (i.Exists) reasons.Add($"{name} cannot be read: {i.Problem}");
                continue;
            }

            switch (i.Plan!.Status)
            {
                case PlanStatus.Refused:
                case PlanStatus.Ahead:
                    reasons.Add($"{name}: {i.Plan.Problem}");
                    break;
                case PlanStatus.Drift:
                    reasons.Add($"{name}: drift on {string.Join("; ", i.Plan.Drift.Select(d => d.Describe()))}");
                    break;
            }
        }

        return reasons.Count == 0 ? null
            : reasons[0] + (reasons.Count > 1 ? $" (and {reasons.Count - 1} more database(s) that cannot be rolled back)" : "");
    }

    /// <summary>A database's result when the rollback was refused: why it blocks the rollback, or that it was left alone.</summary>
    private static DatabaseResult NotChanged(DatabaseInspection i)
    {
        string? at = i.Plan?.Current.Normalized;
        if (i.Problem is not null)
        {
            return DatabaseResult.Of(i.Target, DatabaseOutcome.Failed, i.Exists ? $"cannot be read: {i.Problem}" : i.Problem);
        }

        return i.Plan!.Status switch
        {
            PlanStatus.Refused => DatabaseResult.Of(i.Target, DatabaseOutcome.Failed, $"refused, not changed: {i.Plan.Problem}", at),
            PlanStatus.Ahead => DatabaseResult.Of(i.Target, DatabaseOutcome.Ahead, i.Plan.Problem, at),
            PlanStatus.Drift => new DatabaseResult(i.Target, DatabaseOutcome.Drift, at, at, [], null, i.Plan.Drift,
                "recorded steps in the range differ from the ledger: their down blocks may not undo what ran", [], null, 0),
            _ => DatabaseResult.Of(i.Target, DatabaseOutcome.Skipped, "not changed: the rollback was refused", at),
        };
    }
}
