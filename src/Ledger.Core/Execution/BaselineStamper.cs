using System.Data.Common;
using Ledger.Journal;
using Ledger.Model;
using Ledger.Planning;
using Ledger.Versions;

namespace Ledger.Execution;

/// <summary>
/// <c>ledger baseline --version V</c>: records that a database created before Ledger already has the schema of V,
/// writing one <c>baselined</c> row per edge up to V in one transaction and running no block. A database that
/// already has journal rows is refused.
/// </summary>
/// <param name="engine">The database engine.</param>
public sealed class BaselineStamper(IDatabaseEngine engine)
{
    /// <summary>Stamps one database.</summary>
    public async Task<DatabaseResult> StampAsync(MigrationSet set, DatabaseTarget target, SemVersion version, CancellationToken cancellationToken = default)
    {
        if (!set.Contains(version))
        {
            throw new ArgumentException($"version {version} is not on the ledger's version line", nameof(version));
        }

        if (!engine.Exists(target))
        {
            return DatabaseResult.Of(target, DatabaseOutcome.Skipped, "database does not exist; nothing to baseline");
        }

        try
        {
            await using IMigrationConnection connection = await engine.OpenAsync(target, create: false, cancellationToken);
            IJournalDialect dialect = engine.Dialect;
            await connection.ExecuteAsync(new PlanStatement(StatementKind.Begin, dialect.Begin), cancellationToken);
            try
            {
                if (dialect.StepLock is string stepLock) await connection.ExecuteAsync(new PlanStatement(StatementKind.StepLock, stepLock), cancellationToken);
                await connection.ExecuteAsync(new PlanStatement(StatementKind.CreateJournal, dialect.CreateTable), cancellationToken);
                JournalState journal = await connection.ReadJournalAsync(cancellationToken);
                if (journal.Entries.Count > 0)
                {
                    return DatabaseResult.Of(target, DatabaseOutcome.Failed,
                        $"already has a journal (at {journal.Current}); baseline is only for databases Ledger has never migrated", journal.Current.Normalized);
                }

                string now = JournalTimestamp.Of(TimeProvider.System.GetUtcNow());
                var applied = new List<AppliedStep>();
                foreach (MigrationStep step in set.StepsBetween(SemVersion.Baseline, version))
                {
                    ScopedStep scoped = step.For(target.Scope);
                    var row = new JournalEntry(target.Scope, step.From.Normalized, step.To.Normalized, scoped.Checksum, scoped.Title, now, 0, JournalKinds.Baselined);
                    await connection.ExecuteAsync(new PlanStatement(StatementKind.JournalInsert, dialect.Insert, row), cancellationToken);
                    applied.Add(new AppliedStep(step.From.Normalized, step.To.Normalized, JournalKinds.Baselined, 0));
                }

                await connection.ExecuteAsync(new PlanStatement(StatementKind.Commit, dialect.Commit), cancellationToken);
                return new DatabaseResult(target, DatabaseOutcome.Migrated, SemVersion.Baseline.Normalized, version.Normalized, applied, null, [],
                    $"stamped at {version}", [], null, 0);
            }
            catch
            {
                await RollBackQuietlyAsync(connection, dialect);
                throw;
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
}
