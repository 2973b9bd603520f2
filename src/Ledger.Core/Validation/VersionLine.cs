using Ledger.Diagnostics;
using Ledger.Model;
using Ledger.Versions;

namespace Ledger.Validation;

/// <summary>A finding about the version line, with a short form for a message that explains it (see <see cref="MistypedVersions"/>).</summary>
/// <param name="Diagnostic">The finding.</param>
/// <param name="Short">What is wrong in a few words, e.g. <c>no step leads from 1.4.0 to 1.4.1</c>.</param>
/// <param name="Versions">The versions the problem is about (the ends of the gap or edge, and the versions an edge skips).</param>
internal sealed record LineProblem(Diagnostic Diagnostic, string Short, IReadOnlyList<SemVersion> Versions)
{
    /// <summary>What identifies the finding when the line is built again with other versions: its code and tag line.</summary>
    public (string Code, int Line) Key => (Diagnostic.Code, Diagnostic.Location.Line);
}

/// <summary>
/// The version line built from the forward blocks, with each down block matched to its forward edge, and
/// what is wrong with it: edges that skip versions (LDG013), gaps (LDG012) and down blocks without their forward edge
/// (LDG014). <see cref="Build"/> can read some versions as others, to try what a ledger would be with a typo fixed.
/// </summary>
internal sealed class VersionLine
{
    private VersionLine(List<SemVersion> line, Dictionary<string, MigrationBlock>[] up, Dictionary<string, MigrationBlock>[] down, List<LineProblem> problems)
    {
        Line = line;
        StepUp = up;
        StepDown = down;
        Problems = problems;
    }

    /// <summary>baseline and every version of a forward edge, in SemVer order.</summary>
    public List<SemVersion> Line { get; }

    /// <summary>For step i (<c>Line[i]→Line[i+1]</c>), its forward block by scope.</summary>
    public Dictionary<string, MigrationBlock>[] StepUp { get; }

    /// <summary>For step i, its down block by scope.</summary>
    public Dictionary<string, MigrationBlock>[] StepDown { get; }

    /// <summary>What is wrong with the line, in the order found.</summary>
    public List<LineProblem> Problems { get; }

    /// <summary>How many problems have each key, to compare two builds.</summary>
    public Dictionary<(string Code, int Line), int> KeyCounts() =>
        Problems.GroupBy(p => p.Key).ToDictionary(g => g.Key, g => g.Count());

    /// <summary>Builds the line.</summary>
    /// <param name="up">The forward blocks (no duplicates, no zero-length edges).</param>
    /// <param name="down">The backwards blocks.</param>
    /// <param name="readAs">Versions to read as other versions (a trial fix of a typo); null for the ledger as written.</param>
    public static VersionLine Build(List<MigrationBlock> up, List<MigrationBlock> down, IReadOnlyDictionary<SemVersion, SemVersion>? readAs = null)
    {
        SemVersion V(SemVersion v) => readAs is not null && readAs.TryGetValue(v, out SemVersion? w) ? w : v;

        var problems = new List<LineProblem>();
        var versions = new HashSet<SemVersion> { SemVersion.Baseline };
        foreach (MigrationBlock block in up)
        {
            versions.Add(V(block.From));
            versions.Add(V(block.To));
        }

        var line = new List<SemVersion>(versions);
        line.Sort();
        var index = new Dictionary<SemVersion, int>(line.Count);
        for (int i = 0; i < line.Count; i++) index[line[i]] = i;

        var stepUp = new Dictionary<string, MigrationBlock>[Math.Max(0, line.Count - 1)];
        var stepDown = new Dictionary<string, MigrationBlock>[stepUp.Length];
        for (int i = 0; i < stepUp.Length; i++)
        {
            stepUp[i] = new Dictionary<string, MigrationBlock>();
            stepDown[i] = new Dictionary<string, MigrationBlock>();
        }

        foreach (MigrationBlock block in up)
        {
            SemVersion from = V(block.From), to = V(block.To);
            int a = index[from], b = index[to];
            if (b == a + 1 && stepUp[a].TryAdd(block.Scope, block))
            {
                continue;
            }

            if (b <= a + 1)
            {
                // Only when versions are read as others: the trial made the edge empty, backwards or a duplicate.
                problems.Add(new LineProblem(RuleCatalog.DuplicateEdge.Create(block.Start, $"edge {block.Scope} {from}→{to}"), "", [from, to]));
                continue;
            }

            List<string> skipped = line.Skip(a + 1).Take(b - a - 1).Select(v => v.Normalized).ToList();
            problems.Add(new LineProblem(RuleCatalog.SkippedVersion.Create(block.Start,
                $"edge {block.Scope} {from}→{to} skips {Join(skipped)}, used by other steps; " +
                "every edge must join neighbouring versions, so split it into one step per version"),
                $"edge {block.Scope} {from}→{to} skips {Join(skipped)}", line.GetRange(a, b - a + 1)));
        }

        for (int i = 0; i < stepUp.Length; i++)
        {
            if (stepUp[i].Count > 0)
            {
                continue;
            }

            SemVersion from = line[i], to = line[i + 1];
            MigrationBlock near = up.Where(b => V(b.From) == to || V(b.To) == to).OrderBy(b => b.Start.Line).First();
            problems.Add(new LineProblem(RuleCatalog.VersionGap.Create(near.Start,
                $"gap in the version line: no block of any scope leads from {from} to {to}; add a step {from}→{to}"),
                $"no step leads from {from} to {to}", [from, to]));
        }

        foreach (MigrationBlock block in down)
        {
            // The down block of the forward edge a→b is written b→a.
            SemVersion from = V(block.From), to = V(block.To);
            if (index.TryGetValue(to, out int a) && a + 1 < line.Count && line[a + 1] == from && stepUp[a].ContainsKey(block.Scope))
            {
                stepDown[a][block.Scope] = block;
                continue;
            }

            (SourceLocation where, string why) = WhyNoForwardEdge(block, from, to);
            problems.Add(new LineProblem(RuleCatalog.OrphanDownBlock.Create(where,
                $"backwards edge {block.Scope} {from}→{to} is not the down block of a forward edge: {why}"),
                $"down block {block.Scope} {from}→{to} has no forward edge", [from, to]));
        }

        return new VersionLine(line, stepUp, stepDown, problems);

        // The forward block may be there but off the line (it skips a version: reported at it), only in other scopes, or
        // one version of the down block may be mistyped (then the finding points at it, with "did you mean").
        (SourceLocation, string) WhyNoForwardEdge(MigrationBlock down, SemVersion from, SemVersion to)
        {
            string scope = down.Scope;
            MigrationBlock? forward = up.FirstOrDefault(b => b.Scope == scope && V(b.From) == to && V(b.To) == from);
            if (forward is not null)
            {
                return (down.Start, $"its forward edge {scope} {to}→{from} (line {forward.Start.Line}) does not join neighbouring versions, " +
                    "so it is not a step (see the finding there)");
            }

            string missing = $"there is no {scope} block {to}→{from}";
            string[] others = up.Where(b => V(b.From) == to && V(b.To) == from).Select(b => b.Scope).Distinct().ToArray();
            if (others.Length > 0)
            {
                return (down.Start, $"{missing} (only {string.Join(", ", others)} has one)");
            }

            List<(SemVersion Wrong, MigrationBlock Forward)> near = up.Where(b => b.Scope == scope)
                .Select(b => V(b.To) == from && V(b.From) != to && MistypedVersions.OneEditApart(to, V(b.From)) ? (down.To, b)
                    : V(b.From) == to && V(b.To) != from && MistypedVersions.OneEditApart(from, V(b.To)) ? (down.From, b)
                    : (null!, b))
                .Where(x => x.Item1 is not null).ToList();
            if (near.Count != 1)
            {
                return (down.Start, missing);
            }

            (SemVersion wrong, MigrationBlock meant) = near[0];
            return (down.VersionLocation(wrong), $"{missing}; did you mean {V(meant.To)}→{V(meant.From)}, the down block of {scope} {V(meant.From)}→{V(meant.To)} (line {meant.Start.Line})?");
        }
    }

    /// <summary>Up to three versions, then how many more.</summary>
    public static string Join(List<string> versions) =>
        versions.Count <= 3 ? string.Join(", ", versions) : $"{string.Join(", ", versions.Take(3))} and {versions.Count - 3} more";
}
