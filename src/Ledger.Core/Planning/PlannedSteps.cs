using Ledger.Model;
using Ledger.Versions;

namespace Ledger.Planning;

/// <summary>
/// The one rule for reaching planned steps (the trailing steps whose blocks hold only comments), shared by every run
/// that goes up and by its preview. A database that passes a planned step records it as an empty step, with the
/// checksum of its comments; SQL written into those blocks later no longer matches what was recorded, which is drift.
/// So a target past the default target is refused unless the caller says it means to pass the planned steps as they
/// are. The check needs no database: it is made once, before any database is opened.
/// </summary>
public static class PlannedSteps
{
    /// <summary>The planned steps a run to <paramref name="target"/> would pass, oldest first (none up to the default target).</summary>
    public static IReadOnlyList<MigrationStep> UpTo(MigrationSet set, SemVersion target) =>
        set.Steps.Where(s => s.IsPlanned && s.To <= target).ToList();

    /// <summary>
    /// Why a run to <paramref name="target"/> must not start, or null when it may: it passes no planned step, or
    /// <paramref name="includePlanned"/> says to pass them as they are.
    /// </summary>
    public static string? Problem(MigrationSet set, SemVersion target, bool includePlanned)
    {
        if (includePlanned) return null;
        IReadOnlyList<MigrationStep> passed = UpTo(set, target);
        if (passed.Count == 0) return null;
        bool one = passed.Count == 1;
        return $"{target} is past the planned step{(one ? "" : "s")} {string.Join(", ", passed.Select(s => s.ToString()))} " +
               $"(blocks holding only comments): passing {(one ? "it" : "them")} now records {(one ? "it" : "them")} as empty in every database, " +
               $"and SQL written into {(one ? "it" : "them")} later would then be drift";
    }
}
