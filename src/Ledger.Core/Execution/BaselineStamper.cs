using System.Data.Common;
using System.Globalization;
using Ledger.Journal;
using Ledger.Model;
using Ledger.Versions;

namespace Ledger.Execution;

/// <summary>
/// <c>ledger baseline --version V</c>: records that a database created before Ledger already has the schema of V,
/// writing one <c>baselined</c> row per edge up to V in one transaction and running no block. A database that
/// already has journal rows is refused.
/// </summary>
/// <param name="engine">The database engine.</param>
/// <param name="time">The clock.</param>
public sealed class BaselineStamper(IDatabaseEngine engine, TimeProvider? time = null)
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
            await using IStepTransaction tx = await connection.BeginStepAsync(cancellationToken);
            JournalState journal = await tx.ReadJournalAsync(cancellationToken);
            if (journal.Entries.Count > 0)
            {
                return DatabaseResult.Of(target, DatabaseOutcome.Failed,
                    $"already has a journal (at {journal.Current}); baseline is only for databases Ledger has never migrated", journal.Current.Normalized);
            }

            string now = JournalTimestamp.Of((time ?? TimeProvider.System).GetUtcNow());
            var applied = new List<AppliedStep>();
            foreach (MigrationStep step in set.StepsBetween(SemVersion.Baseline, version))
            {
                ScopedStep scoped = step.For(target.Scope);
                await tx.RecordAsync(new JournalEntry(target.Scope, step.From.Normalized, step.To.Normalized, scoped.Checksum, scoped.Title, now, 0,
                    JournalKinds.Baselined), cancellationToken);
                applied.Add(new AppliedStep(step.From.Normalized, step.To.Normalized, JournalKinds.Baselined, 0));
            }

            await tx.CommitAsync(cancellationToken);
            return new DatabaseResult(target, DatabaseOutcome.Migrated, SemVersion.Baseline.Normalized, version.Normalized, applied, null, [],
                $"stamped at {version}", [], null, 0);
        }
        catch (Exception e) when (e is DbException or IOException or UnauthorizedAccessException)
        {
            return DatabaseResult.Of(target, DatabaseOutcome.Failed, e.Message);
        }
    }
}
