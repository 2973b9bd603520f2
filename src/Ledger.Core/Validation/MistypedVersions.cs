using System.Text.RegularExpressions;
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
/// A version is suspect when one forward edge alone names it and a problem of the line is about it. The version meant is
/// one of the line one edit away that a problem is about too (one character, or one of MAJOR, MINOR, PATCH and pre-release) with at least as much
/// support: the forward blocks that name it, and the headings of forward blocks that name it (a heading such as
/// <c>## 1.1.0</c> over the block says which version its author meant; a down block copied from its up block repeats the
/// typo, so down blocks do not count). When both ends of one edge are suspect, the two are tried together as well. A trial
/// is kept when it removes findings without adding any, leaves none about the tag's other end (a correct tag is never
/// accused to move a problem elsewhere), and, when the version meant has no more support than the one written, leaves no
/// finding at all. Among the trials kept, the one leaving the fewest findings wins; when two different trials explain the
/// same findings equally well, nothing is suggested: a plain gap between two versions one block each names (<c>1.1.0</c>
/// then <c>1.2.0</c>) is as likely a missing step as a typo.
/// </remarks>
internal static partial class MistypedVersions
{
    /// <summary>Trial builds of the line at the most, so that a ledger with many lonely versions stays fast to lint.</summary>
    private const int MaxTrials = 128;

    /// <summary>Suspect versions tried per round at the most.</summary>
    private const int MaxSuspects = 16;

    /// <summary>A finding for each typo found, then the problems of <paramref name="written"/> that no typo explains.</summary>
    public static List<Diagnostic> Explain(List<MigrationBlock> up, List<MigrationBlock> down, VersionLine written)
    {
        if (written.Problems.Count == 0)
        {
            return [];
        }

        var edges = new Dictionary<SemVersion, HashSet<(SemVersion From, SemVersion To)>>();
        var support = new Dictionary<SemVersion, int>();
        foreach (MigrationBlock block in up)
        {
            foreach (SemVersion v in new[] { block.From, block.To })
            {
                support[v] = support.GetValueOrDefault(v) + 1;
                if (!edges.TryGetValue(v, out HashSet<(SemVersion, SemVersion)>? set)) edges[v] = set = [];
                set.Add((block.From, block.To));
            }
        }

        var titles = new Dictionary<string, List<SemVersion>>();
        foreach (MigrationBlock block in up)
        {
            if (string.IsNullOrEmpty(block.Title)) continue;
            if (!titles.TryGetValue(block.Title, out List<SemVersion>? named)) titles[block.Title] = named = VersionsIn(block.Title);
            foreach (SemVersion v in named.Where(support.ContainsKey)) support[v]++;
        }

        var readAs = new Dictionary<SemVersion, SemVersion>();
        var found = new List<Diagnostic>();
        List<LineProblem> current = written.Problems;
        Dictionary<(string Code, int Line), int> remaining = written.KeyCounts();
        int trials = 0;
        while (remaining.Count > 0 && trials < MaxTrials)
        {
            var involved = new HashSet<SemVersion>(current.SelectMany(p => p.Versions));
            List<SemVersion> suspects = edges.Keys
                .Where(v => !v.IsBaseline && edges[v].Count == 1 && !readAs.ContainsKey(v) && involved.Contains(v))
                .Order().Take(MaxSuspects).ToList();
            // The version meant is one a problem is about too (the stray version left a gap or a skip at it): a version whose
            // neighbourhood is sound cannot be what was meant, and a large ledger has thousands of versions one edit away.
            var meant = suspects.ToDictionary(s => s, s => involved
                .Where(w => !w.IsBaseline && w != s && !readAs.ContainsKey(w) && support.TryGetValue(w, out int n) && n >= support[s] && OneEditApart(s, w))
                .Order().ToList());

            // Each end alone, then both ends of an edge whose two versions are suspect.
            var fixes = new List<Dictionary<SemVersion, SemVersion>>();
            foreach (SemVersion s in suspects)
            {
                fixes.AddRange(meant[s].Select(w => new Dictionary<SemVersion, SemVersion> { [s] = w }));
            }

            foreach (SemVersion s in suspects)
            {
                (SemVersion low, SemVersion high) = edges[s].Single();
                if (s != low || !meant.TryGetValue(high, out List<SemVersion>? highMeant)) continue;
                foreach (SemVersion wl in meant[low])
                {
                    fixes.AddRange(highMeant.Where(wh => wl != high && wh != low && wl < wh)
                        .Select(wh => new Dictionary<SemVersion, SemVersion> { [low] = wl, [high] = wh }));
                }
            }

            (Dictionary<SemVersion, SemVersion> Fix, VersionLine Trial, HashSet<(string, int)> Gone)? best = null;
            bool ambiguous = false;
            foreach (Dictionary<SemVersion, SemVersion> fix in fixes)
            {
                if (++trials > MaxTrials) break;
                var all = new Dictionary<SemVersion, SemVersion>(readAs);
                foreach ((SemVersion k, SemVersion v) in fix) all[k] = v;
                VersionLine trial = VersionLine.Build(up, down, all);
                Dictionary<(string, int), int> counts = trial.KeyCounts();
                if (!Explains(counts, remaining) || !Plausible(fix, trial, all))
                {
                    continue;
                }

                var gone = remaining.Where(kv => counts.GetValueOrDefault(kv.Key) < kv.Value).Select(kv => kv.Key).ToHashSet();
                if (best is null || (trial.Problems.Count, fix.Count).CompareTo((best.Value.Trial.Problems.Count, best.Value.Fix.Count)) < 0)
                {
                    (best, ambiguous) = ((fix, trial, gone), false);
                }
                else if (trial.Problems.Count == best.Value.Trial.Problems.Count && fix.Count == best.Value.Fix.Count && gone.Overlaps(best.Value.Gone))
                {
                    ambiguous = true;
                }
            }

            if (best is null || ambiguous)
            {
                break;
            }

            (Dictionary<SemVersion, SemVersion> chosen, VersionLine line, _) = best.Value;
            Dictionary<(string Code, int Line), int> after = line.KeyCounts();
            List<LineProblem> explained = Take(written.Problems, remaining, after);
            foreach ((SemVersion k, SemVersion v) in chosen) readAs[k] = v;
            (remaining, current) = (after, line.Problems);

            SemVersion first = chosen.Keys.Min()!;
            MigrationBlock block = up.Where(b => b.From == first || b.To == first).MinBy(b => b.Start.Line)!;
            found.Add(RuleCatalog.VersionGap.Create(block.VersionLocation(first), chosen.Count == 1
                ? $"version {first} appears only in {block.Scope} {block.From}→{block.To}, and with it the version line breaks " +
                  $"({Describe(explained)}); did you mean {chosen[first]}?"
                : $"versions {block.From} and {block.To} appear only in {block.Scope} {block.From}→{block.To}, and with them the version " +
                  $"line breaks ({Describe(explained)}); did you mean {chosen[block.From]}→{chosen[block.To]}?"));
        }

        // The problems as written, less those the typos explain, after the typos' findings.
        return [.. found, .. Take(written.Problems, remaining, []).Select(p => p.Diagnostic)];

        // The trial leaves nothing wrong about the fixed tag's ends (the changed ones when both were changed, else the other
        // one), and a version meant with only as much support as the one written must leave nothing wrong at all.
        bool Plausible(Dictionary<SemVersion, SemVersion> fix, VersionLine trial, Dictionary<SemVersion, SemVersion> all)
        {
            if (fix.Any(kv => support[kv.Value] == support[kv.Key]) && trial.Problems.Count > 0)
            {
                return false;
            }

            (SemVersion from, SemVersion to) = edges[fix.Keys.First()].Single();
            SemVersion[] ends = fix.Count == 2 ? [fix[from], fix[to]] : [fix.ContainsKey(from) ? all.GetValueOrDefault(to, to) : all.GetValueOrDefault(from, from)];
            return !trial.Problems.Any(p => p.Versions.Any(v => ends.Contains(v)));
        }
    }

    /// <summary>The versions a heading names, e.g. <c>1.3.0</c> and <c>1.4.0</c> in <c>Migration: 1.3.0 → 1.4.0</c>.</summary>
    private static List<SemVersion> VersionsIn(string title) =>
        [.. VersionText().Matches(title).Select(m => SemVersion.TryParse(m.Value, out SemVersion v, out _) ? v : null).OfType<SemVersion>().Distinct()];

    [GeneratedRegex(@"(?<![0-9A-Za-z.])\d+\.\d+(?:\.\d+)?(?:-[0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*)?(?![0-9A-Za-z])")]
    private static partial Regex VersionText();

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
