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
/// Checks the version line (docs/ledger-format.md) and builds the <see cref="MigrationSet"/>: every edge joins neighbours,
/// no gaps, no zero-length or duplicate edges, every down block has its forward edge (<see cref="VersionLine"/>); a
/// version mistyped in one tag pair is one finding with "did you mean" (<see cref="MistypedVersions"/>), not the
/// gaps and skips it causes; then marks planned steps.
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
                "no migration blocks found: a block is '-- [scope:from→to:start]' … '-- [scope:from→to:end]' inside a fenced code block ('ledger new --to 1.0.0' adds the first step)"));
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

        VersionLine versionLine = VersionLine.Build(up, down);
        if (versionLine.Problems.Count > 0 && !document.Diagnostics.Any(d => d.Severity == Severity.Error))
        {
            diagnostics.AddRange(MistypedVersions.Explain(up, down, versionLine));
        }
        else
        {
            // A tag or fence that could not be read leaves its block out of the line, so a gap there is no sign of a typo:
            // guessing one would accuse a correct tag next to the unread block.
            diagnostics.AddRange(versionLine.Problems.Select(p => p.Diagnostic));
        }

        List<SemVersion> line = versionLine.Line;
        Dictionary<string, MigrationBlock>[] stepUp = versionLine.StepUp, stepDown = versionLine.StepDown;
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
                $"step {step} is planned: its blocks hold only comments and every later step is planned too, so it is not applied by default; write its SQL to apply it (passing it as it is records it as empty, and SQL written into it later would be drift)"));
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
}
