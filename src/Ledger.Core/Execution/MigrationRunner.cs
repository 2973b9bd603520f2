using System.Collections.Concurrent;
using Ledger.Model;
using Ledger.Targets;
using Ledger.Versions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Ledger.Execution;

/// <summary>
/// Runs <c>apply</c> (spec §3): the system database first; if it ends well, every user database, several at once,
/// each independent of the others. Returns plain data; prints nothing.
/// </summary>
public sealed class MigrationRunner
{
    private readonly IDatabaseEngine _engine;
    private readonly ILogger _logger;
    private readonly DatabaseMigrator _migrator;

    /// <summary>Creates a runner.</summary>
    /// <param name="engine">The database engine.</param>
    /// <param name="logger">Optional logger.</param>
    /// <param name="time">Optional clock (tests).</param>
    public MigrationRunner(IDatabaseEngine engine, ILogger? logger = null, TimeProvider? time = null)
    {
        _engine = engine;
        _logger = logger ?? NullLogger.Instance;
        _migrator = new DatabaseMigrator(engine, _logger, time ?? TimeProvider.System);
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

        var results = new ConcurrentQueue<DatabaseResult>();
        string? notReached = null;
        await using IMigrationConnection? listing = system is null ? null : await _engine.OpenReadOnlyAsync(system, cancellationToken);
        observer?.UsersCounted(await users.CountAsync(listing, cancellationToken));

        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = options.EffectiveParallelism, CancellationToken = stop.Token };
        try
        {
            await Parallel.ForEachAsync(users.ListAsync(listing, stop.Token), parallel, async (user, token) =>
            {
                DatabaseResult result = user.Target is null
                    ? DatabaseResult.Of(new DatabaseTarget(Scopes.User, user.Name, "(none)"), DatabaseOutcome.Failed, user.Problem)
                    : await _migrator.MigrateAsync(user.Target, set, target, options, options.CreateMissing, cancellationToken);
                results.Enqueue(result);
                observer?.Finished(result);
                if (options.FailFast && result.Outcome == DatabaseOutcome.Failed)
                {
                    await stop.CancelAsync();
                }
            });
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            notReached = cancellationToken.IsCancellationRequested
                ? "interrupted: databases not started yet were left as they were; running steps finished or rolled back"
                : "stopped at the first failure (--fail-fast): databases not started yet were left as they were";
        }
        catch (System.Data.Common.DbException e)
        {
            notReached = $"the users could not be listed: {e.Message}";
            results.Enqueue(DatabaseResult.Of(new DatabaseTarget(Scopes.User, "(users query)", system?.Location ?? "(none)"), DatabaseOutcome.Failed,
                $"the users query failed: {e.Message}"));
        }

        return new RunResult(target.Normalized, systemResult, results.ToArray(), notReached, cancellationToken.IsCancellationRequested);
    }
}
