using Ledger.Journal;
using Ledger.Model;
using Ledger.Versions;

namespace Ledger.Planning;

/// <summary>
/// Decides what one database needs: a pure function of the validated ledger, what the database's journal says and
/// the target. Used by <c>plan</c>, <c>status</c> and <c>verify</c> as they are, and by <c>apply</c> again inside each
/// step's transaction, so that a step another runner applied meanwhile is never applied twice.
/// </summary>
public static class MigrationPlanner
{
    /// <summary>Plans one database.</summary>
    /// <param name="set">The validated ledger.</param>
    /// <param name="scope">The database's scope.</param>
    /// <param name="journal">What its journal says.</param>
    /// <param name="target">A version on the line.</param>
    /// <param name="allowDrift">Plan pending steps even when recorded edges drifted.</param>
    public static DatabasePlan Plan(MigrationSet set, string scope, JournalState journal, SemVersion target, bool allowDrift = false)
    {
        if (!set.Contains(target))
        {
            throw new ArgumentException($"target {target} is not on the version line", nameof(target));
        }

        SemVersion current = journal.Current;
        if (journal.Unreadable is string bad)
        {
            return Refuse($"its journal records version '{bad}', which is not a version");
        }

        if (!set.Contains(current))
        {
            return Refuse($"it is at {current}, which is not on the ledger's version line (is this ledger older than the database?)");
        }

        if (current > target)
        {
            return Refuse($"it is at {current}, above the target {target}; use 'ledger rollback' to go down");
        }

        List<DriftedEdge> drift = FindDrift(set, scope, journal);
        if (drift.Count > 0 && !allowDrift)
        {
            return new DatabasePlan(scope, current, target, PlanStatus.Drift, [], drift, null);
        }

        var pending = set.StepsBetween(current, target).Select(s => s.For(scope)).ToList();
        return new DatabasePlan(scope, current, target, pending.Count == 0 ? PlanStatus.Current : PlanStatus.Pending, pending, drift, null);

        DatabasePlan Refuse(string problem) => new(scope, current, target, PlanStatus.Ahead, [], [], problem);
    }

    /// <summary>
    /// Recorded edges whose checksum differs from the ledger's, edges the ledger does not have, and edges below the
    /// current version with no row. Rows stamped by <c>baseline</c> are not compared: nothing ran for them.
    /// </summary>
    public static List<DriftedEdge> FindDrift(MigrationSet set, string scope, JournalState journal)
    {
        var drift = new List<DriftedEdge>();
        var recorded = new HashSet<(SemVersion, SemVersion)>();
        foreach (JournalEntry entry in journal.Entries)
        {
            if (entry.Scope != scope) continue;
            SemVersion? from = entry.FromVersion, to = entry.ToVersion;
            if (from is null || to is null) continue;
            recorded.Add((from, to));
            int index = set.IndexOf(from);
            MigrationStep? step = index >= 0 && index < set.Steps.Count && set.Steps[index].To == to ? set.Steps[index] : null;
            if (step is null)
            {
                drift.Add(new DriftedEdge(entry.From, entry.To, entry.Checksum, null, null));
                continue;
            }

            if (entry.Kind == JournalKinds.Baselined) continue;
            ScopedStep scoped = step.For(scope);
            if (!string.Equals(scoped.Checksum, entry.Checksum, StringComparison.OrdinalIgnoreCase))
            {
                drift.Add(new DriftedEdge(entry.From, entry.To, entry.Checksum, scoped.Checksum, scoped.Block));
            }
        }

        int currentIndex = set.IndexOf(journal.Current);
        for (int i = 0; i < currentIndex; i++)
        {
            MigrationStep step = set.Steps[i];
            if (!recorded.Contains((step.From, step.To)))
            {
                drift.Add(new DriftedEdge(step.From.Normalized, step.To.Normalized, null, step.For(scope).Checksum, step.For(scope).Block));
            }
        }

        return drift;
    }
}
