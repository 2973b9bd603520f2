using Ledger.Diagnostics;
using Ledger.Model;
using Ledger.Text;
using Ledger.Versions;

namespace Ledger.Validation;

/// <summary>
/// Finds a version mistyped in one tag pair (<c>1.4.1</c> written for <c>1.4.0</c>), which breaks the version line in
/// several places at once: a gap on each side of the stray version, an edge that skips it, a down block left without
/// its forward edge. Reported as one <see cref="RuleCatalog.VersionGap"/> finding at the version's text in the tag, with
/// "did you mean", in place of the findings it explains.
/// </summary>
/// <remarks>
/// A version is suspect when one edge alone names it (one forward edge, in one or more scopes). The version meant is
/// one that more forward blocks name (a down block copied from its up block repeats the typo, so down blocks do not
/// count), one edit away (one character, or one of MAJOR, MINOR, PATCH and pre-release), and reading the suspect as
/// it removes findings without adding any. When two versions would do equally well, nothing is suggested: a plain gap
/// between two versions one block each names (<c>1.1.0</c> then <c>1.2.0</c>) is as likely a missing step as a typo.
/// </remarks>
internal static class MistypedVersions
{
    /// <summary>Trial builds of the line at the most, so that a ledger with many lonely versions stays fast to lint.</summary>
    private const int MaxTrials = 64;

    /// <summary>A finding for each typo found, then the problems of <paramref name="written"/> that no typo explains.</summary>
    public static List<Diagnostic> Explain(List<MigrationBlock> up, List<MigrationBlock> down, VersionLine written)
    {
        var edges = new Dictionary<SemVersion, HashSet<(SemVersion, SemVersion)>>();
        var uses = new Dictionary<SemVersion, int>();
        foreach (MigrationBlock block in up)
        {
            foreach (SemVersion v in new[] { block.From, block.To })
            {
                uses[v] = uses.GetValueOrDefault(v) + 1;
                if (!edges.TryGetValue(v, out HashSet<(SemVersion, SemVersion)>? set)) edges[v] = set = [];
                set.Add((block.From, block.To));
            }
        }

        var readAs = new Dictionary<SemVersion, SemVersion>();
        var found = new List<Diagnostic>();
        Dictionary<(string Code, int Line), int> remaining = written.KeyCounts();
        int trials = 0;
        foreach (SemVersion suspect in edges.Keys.Where(v => !v.IsBaseline && edges[v].Count == 1).Order())
        {
            VersionLine? best = null;
            SemVersion? meant = null;
            bool tie = false;
            foreach (SemVersion candidate in uses.Keys.Where(w => !w.IsBaseline && uses[w] > uses[suspect] && OneEditApart(suspect, w)).Order())
            {
                if (remaining.Count == 0 || ++trials > MaxTrials)
                {
                    break;
                }

                VersionLine trial = VersionLine.Build(up, down, new Dictionary<SemVersion, SemVersion>(readAs) { [suspect] = candidate });
                if (!Explains(trial.KeyCounts(), remaining))
                {
                    continue;
                }

                if (best is null || trial.Problems.Count < best.Problems.Count)
                {
                    (best, meant, tie) = (trial, candidate, false);
                }
                else if (trial.Problems.Count == best.Problems.Count)
                {
                    tie = true;
                }
            }

            if (best is null || meant is null || tie)
            {
                continue;
            }

            Dictionary<(string Code, int Line), int> after = best.KeyCounts();
            List<LineProblem> explained = Take(written.Problems, remaining, after);
            readAs[suspect] = meant;
            remaining = after;

            MigrationBlock block = up.Where(b => b.From == suspect || b.To == suspect).MinBy(b => b.Start.Line)!;
            found.Add(RuleCatalog.VersionGap.Create(block.VersionLocation(suspect),
                $"version {suspect} appears only in {block.Scope} {block.From}→{block.To}, and with it the version line breaks " +
                $"({Describe(explained)}); did you mean {meant}?"));
        }

        // The problems as written, less those the typos explain, after the typos' findings.
        return [.. found, .. Take(written.Problems, remaining, []).Select(p => p.Diagnostic)];
    }

    /// <summary>True when the trial has fewer problems than <paramref name="before"/> and none that it did not have.</summary>
    private static bool Explains(Dictionary<(string, int), int> trial, Dictionary<(string, int), int> before) =>
        trial.Values.Sum() < before.Values.Sum() && trial.All(t => t.Value <= before.GetValueOrDefault(t.Key));

    /// <summary>The problems whose keys are counted in <paramref name="from"/> more times than in <paramref name="to"/>, first ones first.</summary>
    private static List<LineProblem> Take(List<LineProblem> problems, Dictionary<(string, int), int> from, Dictionary<(string, int), int> to)
    {
        var gone = from.ToDictionary(kv => kv.Key, kv => kv.Value - to.GetValueOrDefault(kv.Key));
        var taken = new List<LineProblem>();
        foreach (LineProblem problem in problems)
        {
            if (gone.GetValueOrDefault(problem.Key) > 0)
            {
                gone[problem.Key]--;
                taken.Add(problem);
            }
        }

        return taken;
    }

    private static string Describe(List<LineProblem> explained)
    {
        List<string> shown = explained.Select(p => p.Short).Take(2).ToList();
        return string.Join("; ", shown) + (explained.Count > shown.Count ? $"; and {explained.Count - shown.Count} more" : "");
    }

    /// <summary>One character apart in the normal form, or different in one of MAJOR, MINOR, PATCH and pre-release only.</summary>
    internal static bool OneEditApart(SemVersion a, SemVersion b)
    {
        if (EditDistance.Between(a.Normalized, b.Normalized) == 1)
        {
            return true;
        }

        int differ = (a.Major != b.Major ? 1 : 0) + (a.Minor != b.Minor ? 1 : 0) + (a.Patch != b.Patch ? 1 : 0) +
            (a.Prerelease.SequenceEqual(b.Prerelease) ? 0 : 1);
        return differ == 1;
    }
}
