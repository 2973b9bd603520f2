using System.Data.Common;
using Ledger.Journal;
using Ledger.Model;
using Ledger.Planning;
using Ledger.Scoping;
using Ledger.Targets;
using Ledger.Versions;

namespace Ledger.Execution;

/// <summary>
/// <c>ledger baseline --version V</c>: records that a database created before Ledger already has the schema of V,
/// writing one <c>baselined</c> row per edge up to V in one transaction and running no block. A database that
/// already has journal rows is refused. Every scope of the targets is stamped, in declared order, a set's members one
/// after the other.
/// </summary>
/// <param name="targets">The scopes (as selected) and where their databases are.</param>
public sealed class BaselineStamper(ScopeTargets targets)
{
    /// <summary>Stamps every database of every scope, in declared order; a set that cannot be listed is one failed result.</summary>
    /// <param name="set">The validated ledger.</param>
    /// <param name="version">The version the databases already have the schema of.</param>
    /// <param name="cancellationToken">Stops between databases: those not started are left out of the result.</param>
    public async Task<RunResult> StampAllAsync(MigrationSet set, SemVersion version, CancellationToken cancellationToken = default)
    {
        CheckVersion(set, version);
        var scopes = new List<ScopeResult>();
        foreach (ScopeDefinition scope in targets.Layout)
        {
            if (cancellationToken.IsCancellationRequested)
            {
                break;
            }

            if (!scope.IsSet)
            {
                scopes.Add(new ScopeResult(scope, [await StampAsync(set, targets.One(scope), version, cancellationToken)]));
                continue;
            }

            UserList listed;
            try
            {
                listed = await targets.ListAsync(scope, cancellationToken);
            }
            catch (Exception e) when (UserList.IsListingFailure(e))
            {
                scopes.Add(ScopeResult.Unlisted(scope, targets, e));
                continue;
            }

            var results = new List<DatabaseResult>(listed.Count);
            foreach (UserDatabase member in listed)
            {
                if (cancellationToken.IsCancellationRequested)
                {
                    break;
                }

                results.Add(member.Target is null
                    ? DatabaseResult.Of(new DatabaseTarget(scope.Name, member.Name, "(none)"), DatabaseOutcome.Failed, member.Problem)
                    : await StampAsync(set, member.Target, version, cancellationToken));
            }

            scopes.Add(new ScopeResult(scope, results));
        }

        return new RunResult(version, scopes, cancellationToken.IsCancellationRequested);
    }

    /// <summary>Stamps one database.</summary>
    public async Task<DatabaseResult> StampAsync(MigrationSet set, DatabaseTarget target, SemVersion version, CancellationToken cancellationToken = default)
    {
        CheckVersion(set, version);
        // The whole layout, as in the runner: a scope it does not declare has no engine, not the default one.
        if (targets.Layout.Whole.Find(target.Scope) is not ScopeDefinition scope)
        {
            return DatabaseResult.Of(target, DatabaseOutcome.Failed, $"no scope '{target.Scope}' in this configuration");
        }

        IDatabaseEngine engine = targets.EngineOf(scope);
        try
        {
            // Inside the try: a server that cannot be reached fails this database, as an unreadable file does.
            if (!await engine.ExistsAsync(target, cancellationToken))
            {
                return DatabaseResult.Of(target, DatabaseOutcome.Skipped, "database does not exist; nothing to baseline");
            }

            await using IMigrationConnection connection = await engine.OpenAsync(target, create: false, cancellationToken);
            IJournalDialect dialect = engine.Dialect;
            await connection.ExecuteAsync(new PlanStatement(StatementKind.Begin, dialect.Begin), cancellationToken);
            bool committed = false;
            try
            {
                if (dialect.StepLock(target) is string stepLock) await connection.ExecuteAsync(new PlanStatement(StatementKind.StepLock, stepLock), cancellationToken);
                await connection.ExecuteAsync(new PlanStatement(StatementKind.CreateJournal, dialect.CreateTable), cancellationToken);
                JournalState journal = await connection.ReadJournalAsync(cancellationToken);
                if (journal.Entries.Count > 0)
                {
                    return DatabaseResult.Of(target, DatabaseOutcome.Failed,
                        $"already has a history table (at {journal.Current}); baseline is only for databases Ledger has never migrated", journal.Current);
                }

                string now = JournalTimestamp.Of(TimeProvider.System.GetUtcNow());
                var applied = new List<AppliedStep>();
                foreach (MigrationStep step in set.StepsBetween(SemVersion.Baseline, version))
                {
                    ScopedStep scoped = step.For(target.Scope);
                    var row = new JournalEntry(target.Scope, step.From.Normalized, step.To.Normalized, scoped.Checksum, scoped.Title, now, 0, JournalKinds.Baselined);
                    await connection.ExecuteAsync(new PlanStatement(StatementKind.JournalInsert, dialect.Insert, row), cancellationToken);
                    applied.Add(new AppliedStep(step.From, step.To, JournalKinds.Baselined, 0));
                }

                await connection.ExecuteAsync(new PlanStatement(StatementKind.Commit, dialect.Commit), cancellationToken);
                committed = true;
                return new DatabaseResult(target, DatabaseOutcome.Stamped, SemVersion.Baseline, version, applied, null, [],
                    $"stamped at {version}", [], null, 0);
            }
            finally
            {
                // Every way out but the commit, the refusal of a journaled database included, ends the transaction.
                if (!committed) await RollBackQuietlyAsync(connection, dialect);
            }
        }
        catch (Exception e) when (e is DbException or IOException or UnauthorizedAccessException)
        {
            return DatabaseResult.Of(target, DatabaseOutcome.Failed, e.Message);
        }
    }

    private static async Task RollBackQuietlyAsync(IMigrationConnection connection, IJournalDialect dialect)
    {
        try
        {
            await connection.ExecuteAsync(new PlanStatement(StatementKind.Rollback, dialect.Rollback), CancellationToken.None);
        }
        catch (DbException)
        {
            // Already rolled back by the engine.
        }
    }

    private static void CheckVersion(MigrationSet set, SemVersion version)
    {
        if (!set.Contains(version))
        {
            throw new ArgumentException($"version {version} is not on the ledger's version line", nameof(version));
        }
    }
}
