using Ledger.Model;
using Ledger.Versions;

namespace Ledger.Planning;

/// <summary>
/// The one rule for reaching planned steps (the trailing steps whose blocks hold only comments), shared by every run
/// that goes up (<see cref="Execution.MigrationRunner"/>, whose <see cref="Execution.DatabaseMigrator"/> also holds each
/// database to it) and by its preview. A database that passes a planned step records it as an empty step, with the
/// checksum of its comments; SQL written into those blocks later no longer matches what was recorded, which is drift.
/// So a run that would make some database pass a planned step is refused unless the caller says it means to pass the
/// planned steps as they are (<see cref="Execution.ApplyOptions.IncludePlanned"/>). The rule looks at the databases'
/// plans, not only at the target: a database that already recorded the planned steps up to the target passes none, and
/// is current.
/// </summary>
public static class PlannedSteps
{
    /// <summary>The planned steps a run to <paramref name="target"/> could pass, oldest first (none up to the default target).</summary>
    public static IReadOnlyList<MigrationStep> UpTo(MigrationSet set, SemVersion target) =>
        set.Steps.Where(s => s.IsPlanned && s.To <= target).ToList();

    /// <summary>The planned steps a plan going up would pass (empty going down, or when it passes none).</summary>
    public static IReadOnlyList<MigrationStep> Passed(DatabasePlan plan) =>
        plan.Direction == PlanDirection.Up ? plan.Pending.Select(s => s.Step).Where(s => s.IsPlanned).ToList() : [];

    /// <summary>
    /// Why a run to <paramref name="target"/> must not start, or null when it may: no plan passes a planned step, or
    /// <paramref name="includePlanned"/> says to pass them as they are.
    /// </summary>
    /// <param name="target">The run's target.</param>
    /// <param name="plans">The plans of the databases the run would reach (going up).</param>
    /// <param name="includePlanned">Pass the planned steps as they are, recording them as empty.</param>
    public static string? Problem(SemVersion target, IEnumerable<DatabasePlan> plans, bool includePlanned)
    {
        if (includePlanned) return null;
        List<MigrationStep> passed = plans.SelectMany(Passed).Distinct().OrderBy(s => s.From).ToList();
        if (passed.Count == 0) return null;
        bool one = passed.Count == 1;
        string them = one ? "it" : "them";
        return $"{target} is past the planned step{(one ? "" : "s")} {string.Join(", ", passed.Select(s => s.ToString()))} " +
               $"(blocks holding only comments): passing {them} now records {them} as empty in every database that has not recorded {them} yet, " +
               $"and SQL written into {them} later would then be drift";
    }

    /// <summary>
    /// The ledger's planned steps in one line for people, <c>planned (not applied by default): 1.1.0→1.2.0, 1.2.0→1.3.0</c>;
    /// null when it has none.
    /// </summary>
    public static string? Listing(MigrationSet set) =>
        set.Steps.Where(s => s.IsPlanned).Select(s => s.ToString()).ToList() is { Count: > 0 } planned
            ? $"planned (not applied by default): {string.Join(", ", planned)}"
            : null;

    /// <summary>
    /// Lines for people about the planned steps past <paramref name="target"/>, given the versions the databases are at:
    /// those no database has passed are waiting for their SQL; those some database recorded as empty can no longer
    /// get SQL without drift. Empty when the ledger has no planned step past the target.
    /// </summary>
    public static IReadOnlyList<string> Notes(MigrationSet set, SemVersion target, IEnumerable<SemVersion> current)
    {
        List<MigrationStep> beyond = set.Steps.Where(s => s.IsPlanned && s.To > target).ToList();
        if (beyond.Count == 0) return [];
        // A step some database recorded is one at or below the highest version on the ledger's line any database is at.
        SemVersion? highest = current.Where(set.Contains).Max(); // null when there is none
        var lines = new List<string>();
        List<MigrationStep> recorded = beyond.Where(s => highest is not null && highest >= s.To).ToList();
        List<MigrationStep> waiting = beyond.Except(recorded).ToList();
        if (waiting.Count > 0)
        {
            bool one = waiting.Count == 1;
            lines.Add($"{string.Join(", ", waiting.Select(s => s.To.Normalized))} {(one ? "is" : "are")} planned ({(one ? "its" : "their")} blocks hold no SQL yet): " +
                      $"write {(one ? "its" : "their")} SQL, then apply");
        }

        if (recorded.Count > 0)
        {
            bool one = recorded.Count == 1;
            lines.Add($"{string.Join(", ", recorded.Select(s => s.To.Normalized))} {(one ? "was" : "were")} planned when passed and {(one ? "is" : "are")} " +
                      $"recorded as empty: SQL written into {(one ? "its blocks" : "their blocks")} now would be drift; add a new step for it instead");
        }

        return lines;
    }
}
