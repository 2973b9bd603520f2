using Ledger.Journal;
using Ledger.Model;
using Ledger.Versions;

namespace Ledger.Planning;

/// <summary>
/// Decides what one database needs: a pure function of the validated ledger, what the database's journal says and
/// the target. Used by <c>plan</c>, <c>status</c> and <c>verify</c> as they are; <c>apply</c> and <c>rollback</c> plan
/// once per database, turn the plan into statements (<see cref="ExecutionPlan"/>) and carry those out.
/// </summary>
public static class MigrationPlanner
{
    /// <summary>Plans one database in a direction: <see cref="Plan(MigrationSet, string, JournalState, SemVersion, bool)"/> going up (<c>apply</c>), <see cref="PlanRollback"/> going down.</summary>
    public static DatabasePlan Plan(MigrationSet set, string scope, JournalState journal, SemVersion target, PlanDirection direction, bool allowDrift) =>
        direction == PlanDirection.Up ? Plan(set, scope, journal, target, allowDrift) : PlanRollback(set, scope, journal, target);

    /// <summary>
    /// Plans a rollback of one database to <paramref name="target"/>: the edges from its current version down to the
    /// target, newest first. Refused (<see cref="PlanStatus.Refused"/>) when an edge in that range has SQL and no down
    /// block; <see cref="PlanStatus.Drift"/> when an edge in the range drifted (its down block was written for other
    /// SQL than what ran); <see cref="PlanStatus.Ahead"/> when the database is not on the line. A database at or below
    /// the target has nothing to do: a rollback never moves a database up.
    /// </summary>
    /// <param name="set">The validated ledger.</param>
    /// <param name="scope">The database's scope.</param>
    /// <param name="journal">What its journal says.</param>
    /// <param name="target">A version on the line.</param>
    public static DatabasePlan PlanRollback(MigrationSet set, string scope, JournalState journal, SemVersion target)
    {
        if (!set.Contains(target))
        {
            throw new ArgumentException($"target {target} is not on the version line", nameof(target));
        }

        SemVersion current = journal.Current;
        if (journal.Unreadable is string bad)
        {
            return Refuse(PlanStatus.Refused, $"its journal records version '{bad}', which is not a version");
        }

        if (!set.Contains(current))
        {
            return Refuse(PlanStatus.Ahead, $"it is at {current}, which is not on the ledger's version line (is this ledger older than the database?)");
        }

        if (current <= target)
        {
            return new DatabasePlan(scope, current, target, PlanStatus.Current, [], [], null, PlanDirection.Down);
        }

        List<ScopedStep> range = set.StepsBetween(target, current).Reverse().Select(s => s.For(scope)).ToList();
        var inRange = range.Select(s => (s.Step.From.Normalized, s.Step.To.Normalized)).ToHashSet();
        List<DriftedEdge> drift = FindDrift(set, scope, journal).Where(d => inRange.Contains((d.From, d.To))).ToList();
        if (drift.Count > 0)
        {
            return new DatabasePlan(scope, current, target, PlanStatus.Drift, [], drift, null, PlanDirection.Down);
        }

        if (range.FirstOrDefault(s => !s.CanRollBack) is ScopedStep stuck)
        {
            return Refuse(PlanStatus.Refused,
                $"step {scope} {stuck.Step} has SQL ({stuck.Block!.Start.Path}:{stuck.Block.Start.Line}) and no down block " +
                $"([{scope}:{stuck.Step.To}→{stuck.Step.From}:start]), so it cannot be rolled back");
        }

        return new DatabasePlan(scope, current, target, PlanStatus.Pending, range, [], null, PlanDirection.Down);

        DatabasePlan Refuse(PlanStatus status, string problem) => new(scope, current, target, status, [], [], problem, PlanDirection.Down);
    }

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
            // Refused, as going down (PlanRollback): an unreadable journal is a failure, not a database ahead of the ledger.
            return new DatabasePlan(scope, current, target, PlanStatus.Refused, [], [], $"its journal records version '{bad}', which is not a version");
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
