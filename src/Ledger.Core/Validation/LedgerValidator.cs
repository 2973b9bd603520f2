using Ledger.Diagnostics;
using Ledger.Documents;
using Ledger.Model;
using Ledger.Versions;

namespace Ledger.Validation;

/// <summary>The validator's outcome: the set (when the version line holds) and what was wrong.</summary>
/// <param name="Set">The validated set, or null when the validator found an error.</param>
/// <param name="Diagnostics">What the validator found.</param>
public sealed record ValidationResult(MigrationSet? Set, IReadOnlyList<Diagnostic> Diagnostics);

/// <summary>
/// Checks the version line of spec §1.3 and builds the <see cref="MigrationSet"/>: every edge joins neighbours,
/// no gaps, no zero-length or duplicate edges, every down block has its forward edge; then marks planned steps.
/// </summary>
public static class LedgerValidator
{
    /// <summary>Validates a document's blocks.</summary>
    /// <param name="document">The document (read with the same scopes).</param>
    /// <param name="scopes">The scopes its tags may name, in the order they are applied; null for <c>system</c> and <c>user</c>.</param>
    public static ValidationResult Validate(LedgerDocument document, IReadOnlyList<string>? scopes = null)
    {
        var diagnostics = new List<Diagnostic>();
        IReadOnlyList<MigrationBlock> blocks = document.Blocks;
        if (blocks.Count == 0)
        {
            diagnostics.Add(RuleCatalog.EmptyLedger.Create(new SourceLocation(document.Path, 1, 1),
                "no migration blocks found: a block is '-- [scope:from→to:start]' … '-- [scope:from→to:end]' inside a fenced code block"));
            return new ValidationResult(null, diagnostics);
        }

        CheckBuildMetadata(blocks, diagnostics);

        var up = new List<MigrationBlock>();
        var down = new List<MigrationBlock>();
        var seen = new Dictionary<Edge, MigrationBlock>();
        foreach (MigrationBlock block in blocks)
        {
            if (block.From == block.To)
            {
                diagnostics.Add(RuleCatalog.ZeroLengthEdge.Create(block.Start,
                    $"edge {block.From}→{block.To} goes from a version to itself; a step must move to another version"));
                continue;
            }

            var edge = new Edge(block.Scope, block.From, block.To);
            if (seen.TryGetValue(edge, out MigrationBlock? first))
            {
                diagnostics.Add(RuleCatalog.DuplicateEdge.Create(block.Start,
                    $"duplicate edge {block.Scope} {block.From}→{block.To}: already defined at line {first.Start.Line}"));
                continue;
            }

            seen.Add(edge, block);
            (block.IsDown ? down : up).Add(block);
        }

        var versions = new HashSet<SemVersion> { SemVersion.Baseline };
        foreach (MigrationBlock block in up)
        {
            versions.Add(block.From);
            versions.Add(block.To);
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
            int a = index[block.From], b = index[block.To];
            if (b != a + 1)
            {
                IEnumerable<string> skipped = line.Skip(a + 1).Take(b - a - 1).Select(v => v.Normalized);
                diagnostics.Add(RuleCatalog.SkippedVersion.Create(block.Start,
                    $"edge {block.Scope} {block.From}→{block.To} skips {Join(skipped.ToList())}, used by other steps; " +
                    "every edge must join neighbouring versions, so split it into one step per version"));
                continue;
            }

            stepUp[a][block.Scope] = block;
        }

        for (int i = 0; i < stepUp.Length; i++)
        {
            if (stepUp[i].Count > 0)
            {
                continue;
            }

            SemVersion from = line[i], to = line[i + 1];
            MigrationBlock near = up.Where(b => b.From == to || b.To == to).OrderBy(b => b.Start.Line).First();
            diagnostics.Add(RuleCatalog.VersionGap.Create(near.Start,
                $"gap in the version line: no block of any scope leads from {from} to {to}; add a step {from}→{to}"));
        }

        foreach (MigrationBlock block in down)
        {
            // The down block of the forward edge a→b is written b→a.
            if (!index.TryGetValue(block.To, out int a) || a + 1 >= line.Count || line[a + 1] != block.From ||
                !stepUp[a].ContainsKey(block.Scope))
            {
                diagnostics.Add(RuleCatalog.OrphanDownBlock.Create(block.Start,
                    $"backwards edge {block.Scope} {block.From}→{block.To} is not the down block of a forward edge: " +
                    $"there is no {block.Scope} block {block.To}→{block.From}"));
                continue;
            }

            stepDown[a][block.Scope] = block;
        }

        if (diagnostics.Any(d => d.Severity == Severity.Error))
        {
            return new ValidationResult(null, diagnostics);
        }

        var steps = new MigrationStep[stepUp.Length];
        for (int i = 0; i < steps.Length; i++)
        {
            steps[i] = new MigrationStep(i, line[i], line[i + 1], stepUp[i], stepDown[i]);
        }

        for (int i = steps.Length - 1; i >= 0 && !steps[i].HasSql; i--)
        {
            steps[i].IsPlanned = true;
        }

        foreach (MigrationStep step in steps.Where(s => s.IsPlanned))
        {
            MigrationBlock first = step.Up.Values.OrderBy(b => b.Start.Line).First();
            diagnostics.Add(RuleCatalog.PlannedStep.Create(first.Start,
                $"step {step} is planned: its blocks hold only comments and every later step is planned too, so it is not applied by default (--target {step.To} applies it)"));
        }

        return new ValidationResult(new MigrationSet(document.Path, line, steps, scopes ?? Model.Scopes.Known), diagnostics);
    }

    private static void CheckBuildMetadata(IReadOnlyList<MigrationBlock> blocks, List<Diagnostic> diagnostics)
    {
        // Without any build metadata every spelling agrees: the common case costs one pass.
        if (!blocks.Any(b => b.From.Build is not null || b.To.Build is not null))
        {
            return;
        }

        var firstSeen = new Dictionary<SemVersion, Seen>();
        foreach (MigrationBlock block in blocks)
        {
            Check(block.From, block);
            Check(block.To, block);
        }

        void Check(SemVersion v, MigrationBlock block)
        {
            if (v.IsBaseline) return;
            if (!firstSeen.TryGetValue(v, out Seen? first))
            {
                firstSeen[v] = new Seen(v.Build, block);
            }
            else if (first.Build != v.Build)
            {
                diagnostics.Add(RuleCatalog.BuildMetadata.Create(block.Start,
                    $"version {v} is written with build metadata '{v.Build ?? "(none)"}' here and '{first.Build ?? "(none)"}' at line {first.Block.Start.Line}; build metadata is ignored, so both are {v}"));
            }
        }
    }

    // Reference types as dictionary keys and values: the dictionaries' code is shared and precompiled, where a
    // tuple would make the JIT compile them at every start.
    private sealed record Edge(string Scope, SemVersion From, SemVersion To);

    private sealed record Seen(string? Build, MigrationBlock Block);

    private static string Join(List<string> versions) =>
        versions.Count <= 3 ? string.Join(", ", versions) : $"{string.Join(", ", versions.Take(3))} and {versions.Count - 3} more";
}
