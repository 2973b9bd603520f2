using Ledger.Journal;
using Ledger.Model;
using Ledger.Sql;
using Ledger.Versions;

namespace Ledger.Planning;

/// <summary>
/// Decides what one database needs: a pure function of the validated ledger, what the database's journal says and
/// the target. Used by <c>plan</c>, <c>status</c> and <c>verify</c> as they are; <c>apply</c> and <c>rollback</c> plan
/// once per database, turn the plan into statements (<see cref="ExecutionPlan"/>) and carry those out.
/// </summary>
public static class MigrationPlanner
{
    /// <summary>Plans one database in a direction: <see cref="Plan(MigrationSet, string, JournalState, SemVersion, bool, bool, IStatementSplitter)"/> going up (<c>apply</c>), <see cref="PlanRollback"/> going down.</summary>
    /// <param name="set">The validated ledger.</param>
    /// <param name="scope">The database's scope.</param>
    /// <param name="journal">What its journal says.</param>
    /// <param name="target">A version on the line.</param>
    /// <param name="direction">Up or down.</param>
    /// <param name="allowDrift">Plan pending steps even when recorded edges drifted (going up).</param>
    /// <param name="resume">Going up: run an interrupted no-transaction block again (<c>apply --resume</c>).</param>
    /// <param name="splitter">The engine's statement splitter (to name the statement an incomplete database was running).</param>
    public static DatabasePlan Plan(MigrationSet set, string scope, JournalState journal, SemVersion target, PlanDirection direction, bool allowDrift,
        bool resume = false, IStatementSplitter? splitter = null) =>
        direction == PlanDirection.Up ? Plan(set, scope, journal, target, allowDrift, resume, splitter) : PlanRollback(set, scope, journal, target, splitter);

    /// <summary>
    /// Plans a rollback of one database to <paramref name="target"/>: the edges from its current version down to the
    /// target, newest first. Refused (<see cref="PlanStatus.Refused"/>) when an edge in that range has SQL and no down
    /// block; <see cref="PlanStatus.Drift"/> when an edge in the range drifted (its down block was written for other
    /// SQL than what ran); <see cref="PlanStatus.Ahead"/> when the database is not on the line. A database at or below
    /// the target has nothing to do: a rollback never moves a database up. An incomplete database (a no-transaction
    /// block started and not finished) is refused: <c>apply --resume</c> finishes it first.
    /// </summary>
    /// <param name="set">The validated ledger.</param>
    /// <param name="scope">The database's scope.</param>
    /// <param name="journal">What its journal says.</param>
    /// <param name="target">A version on the line.</param>
    /// <param name="splitter">The engine's statement splitter (to name the statement an incomplete database was running).</param>
    public static DatabasePlan PlanRollback(MigrationSet set, string scope, JournalState journal, SemVersion target, IStatementSplitter? splitter = null)
    {
        if (!set.Contains(target))
        {
            throw new ArgumentException($"target {target} is not on the version line", nameof(target));
        }

        SemVersion current = journal.Current;
        if (journal.Unreadable is string bad)
        {
            return Refuse(PlanStatus.Refused, $"its history table records version '{bad}', which is not a version");
        }

        if (FirstStarted(journal, scope) is JournalEntry started)
        {
            IncompleteStep incomplete = IncompleteStep.Of(started, set, scope, splitter);
            return Refuse(PlanStatus.Refused, incomplete.Describe()) with { Incomplete = incomplete };
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

    /// <summary>
    /// Plans one database. An incomplete database (a no-transaction block started and not finished, its journal row
    /// <c>started</c>) is refused, unless <paramref name="resume"/>: then its pending steps start with that block, run
    /// again from its first statement (<see cref="DatabasePlan.Resumed"/>).
    /// </summary>
    /// <param name="set">The validated ledger.</param>
    /// <param name="scope">The database's scope.</param>
    /// <param name="journal">What its journal says.</param>
    /// <param name="target">A version on the line.</param>
    /// <param name="allowDrift">Plan pending steps even when recorded edges drifted.</param>
    /// <param name="resume">Run an interrupted no-transaction block again (<c>apply --resume</c>).</param>
    /// <param name="splitter">The engine's statement splitter (to name the statement an incomplete database was running).</param>
    public static DatabasePlan Plan(MigrationSet set, string scope, JournalState journal, SemVersion target, bool allowDrift = false,
        bool resume = false, IStatementSplitter? splitter = null)
    {
        DatabasePlan plan = PlanUp(set, scope, journal, target, allowDrift, resume, splitter);
        return journal.UnrecordedTables.Count == 0 ? plan
            : plan with { UnrecordedTables = journal.UnrecordedTables, Untracked = Untracked(journal.UnrecordedTables, set, target) };
    }

    private static DatabasePlan PlanUp(MigrationSet set, string scope, JournalState journal, SemVersion target, bool allowDrift,
        bool resume, IStatementSplitter? splitter)
    {
        if (!set.Contains(target))
        {
            throw new ArgumentException($"target {target} is not on the version line", nameof(target));
        }

        SemVersion current = journal.Current;
        if (journal.Unreadable is string bad)
        {
            // Refused, as going down (PlanRollback): an unreadable journal is a failure, not a database ahead of the ledger.
            return new DatabasePlan(scope, current, target, PlanStatus.Refused, [], [], $"its history table records version '{bad}', which is not a version");
        }

        IncompleteStep? incomplete = null;
        if (FirstStarted(journal, scope) is JournalEntry started)
        {
            incomplete = IncompleteStep.Of(started, set, scope, splitter);
            string? cannot = resume ? ResumeProblem(set, scope, journal, target, started) : null;
            if (!resume || cannot is not null)
            {
                return new DatabasePlan(scope, current, target, PlanStatus.Refused, [], [],
                    cannot is null ? incomplete.Describe() : $"cannot resume: {cannot}; {incomplete.Describe()}") { Incomplete = incomplete };
            }
        }

        if (!set.Contains(current))
        {
            return Refuse($"it is at {current}, which is not on the ledger's version line (is this ledger older than the database?)");
        }

        // Above the target only by planned steps it recorded as empty (passed on purpose): it is at a version the ledger
        // has, and the default target stops before planned steps, so it is current, not ahead.
        bool abovePlanned = current > target && set.StepsBetween(target, current).All(s => s.IsPlanned);
        if (current > target && !abovePlanned)
        {
            return Refuse($"it is at {current}, above the target {target}; use 'ledger rollback' to go down");
        }

        List<DriftedEdge> drift = FindDrift(set, scope, journal);
        if (drift.Count > 0 && !allowDrift)
        {
            return new DatabasePlan(scope, current, target, PlanStatus.Drift, [], drift, null);
        }

        List<ScopedStep> pending = abovePlanned ? [] : set.StepsBetween(current, target).Select(s => s.For(scope)).ToList();
        return new DatabasePlan(scope, current, target, pending.Count == 0 ? PlanStatus.Current : PlanStatus.Pending, pending, drift, null)
        {
            Incomplete = incomplete,
            Resumed = incomplete?.Row,
        };

        DatabasePlan Refuse(string problem) => new(scope, current, target, PlanStatus.Ahead, [], [], problem);
    }

    /// <summary>
    /// What a database made before Ledger is, and how to start recording it: the versions it can be stamped at are those
    /// after baseline up to the target (a version past the target would put it ahead of this run), named by the first
    /// and the last.
    /// </summary>
    private static string Untracked(IReadOnlyList<string> tables, MigrationSet set, SemVersion target)
    {
        var versions = set.VersionLine.Skip(1).Where(v => v <= target).ToList();
        string which = versions.Count switch
        {
            0 => "",
            1 => $" (V is {versions[0].Normalized})",
            _ => $" (V a version from {versions[0].Normalized} to {versions[^1].Normalized})",
        };
        return $"it has tables ({string.Join(", ", tables)}) but no history table: it was made before Ledger (or by hand); when its schema already " +
               $"holds steps of the ledger, record the version it matches with 'ledger baseline --version V'{which}, then apply; " +
               "see 'Adopting an existing database' in docs/apply.md";
    }

    /// <summary>The database's first <c>started</c> row of <paramref name="scope"/>, or null when it is complete.</summary>
    private static JournalEntry? FirstStarted(JournalState journal, string scope) =>
        journal.Started.FirstOrDefault(e => e.Scope == scope);

    /// <summary>Why <c>--resume</c> cannot run the started block again, or null when it can.</summary>
    private static string? ResumeProblem(MigrationSet set, string scope, JournalState journal, SemVersion target, JournalEntry started)
    {
        JournalEntry[] all = journal.Started.Where(e => e.Scope == scope).ToArray();
        if (all.Length > 1)
        {
            return $"its history table has {all.Length} started rows ({string.Join(", ", all.Select(e => $"{e.From}→{e.To}"))}), and Ledger " +
                   "starts one block at a time; the history table was changed by hand";
        }

        SemVersion? from = started.FromVersion;
        if (from is null || from != journal.Current)
        {
            return $"the started step {started.From}→{started.To} does not leave the version the database is at ({journal.Current})";
        }

        int index = set.IndexOf(from);
        if (index < 0 || index >= set.Steps.Count || set.Steps[index].To != started.ToVersion)
        {
            return $"the ledger has no step {started.From}→{started.To}";
        }

        if (set.Steps[index].For(scope).Block is not { NoTransaction: true, HasSql: true })
        {
            return $"the ledger's block for step {started.From}→{started.To} is not a no-transaction block with statements";
        }

        return target < started.ToVersion! ? $"the target {target} is below the started step {started.From}→{started.To}" : null;
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
