using Ledger.Diagnostics;
using Ledger.Documents;
using Ledger.Model;
using Ledger.Versions;

namespace Ledger.Linting.History;

/// <summary>
/// Compares a ledger with the same ledger at a base revision (e.g. <c>origin/main</c>) and reports what a pull request
/// must not do to history that databases may already have applied (LDG030–LDG034). Pure: two read documents in,
/// diagnostics (located in the current file) out; reading the base revision is the caller's business.
/// </summary>
/// <remarks>
/// An edge is <em>released</em> at the base when it is not planned there (docs/ledger-format.md): planned steps have run nowhere
/// by default, so their blocks may be written, edited, moved or removed freely. Blocks are compared by the apply
/// checksum (<see cref="Checksum.Of(string)"/>), so whitespace-only and line-ending-only changes are not edits, and an absent
/// block counts as the checksum of the empty string — exactly what a database's journal would be compared with.
/// </remarks>
public static class HistoryComparer
{
    /// <summary>Findings about <paramref name="current"/>'s history compared with <paramref name="baseline"/>.</summary>
    /// <param name="baseline">The ledger as it is at the base revision.</param>
    /// <param name="current">The ledger being linted; every finding points into it.</param>
    /// <param name="baseName">How to name the base revision in messages, e.g. <c>origin/main</c>.</param>
    public static IReadOnlyList<Diagnostic> Compare(LedgerDocument baseline, LedgerDocument current, string baseName)
    {
        var diagnostics = new List<Diagnostic>();
        var before = new BlockIndex(baseline.Blocks, baseline.Path);
        var after = new BlockIndex(current.Blocks, current.Path);
        SemVersion releasedTop = before.LastVersionWithSql;

        foreach ((SemVersion from, SemVersion to) in before.Edges.Where(e => e.To <= releasedTop))
        {
            bool edgeStillThere = after.HasEdge(from, to);
            foreach (string scope in before.ScopesOf(from, to).Union(after.ScopesOf(from, to)).Order(StringComparer.Ordinal))
            {
                MigrationBlock? was = before.Up(scope, from, to);
                MigrationBlock? now = after.Up(scope, from, to);
                CompareUp(scope, from, to, was, now, edgeStillThere, after, baseName, diagnostics);
                CompareDown(before.Down(scope, from, to), after.Down(scope, from, to), now, after, baseName, diagnostics);
            }
        }

        ReportInsertedVersions(before, after, releasedTop, baseName, diagnostics);
        diagnostics.Sort(DiagnosticOrder.Compare);
        return diagnostics;
    }

    private static void CompareUp(string scope, SemVersion from, SemVersion to, MigrationBlock? was, MigrationBlock? now,
        bool edgeStillThere, BlockIndex after, string baseName, List<Diagnostic> diagnostics)
    {
        string edge = $"{scope} {from}→{to}";
        if (!edgeStillThere)
        {
            if (was is not null) diagnostics.Add(Removed(RuleCatalog.ReleasedBlockRemoved, was, after, baseName, "the edge is no longer on the version line"));
            return;
        }

        string wasSum = was?.Checksum ?? Checksum.Empty;
        string nowSum = now?.Checksum ?? Checksum.Empty;
        if (wasSum == nowSum)
        {
            return;
        }

        if (was is not null && now is not null)
        {
            FirstDifference diff = FirstDifference.Between(was, now);
            diagnostics.Add(RuleCatalog.ReleasedBlockEdited.Create(diff.Location,
                $"block {edge} was edited, but it exists at {baseName}: every {scope} database that applied it would stop " +
                $"with drift on apply; undo the edit and put the change in a new version ({diff.Describe()})"));
        }
        else if (was is not null)
        {
            diagnostics.Add(Removed(RuleCatalog.ReleasedBlockRemoved, was, after, baseName,
                $"{scope} databases that applied it recorded its checksum and would stop with drift on apply"));
        }
        else
        {
            diagnostics.Add(RuleCatalog.BlockAddedToReleasedEdge.Create(now!.Start,
                $"new block {edge} for an edge that exists at {baseName} in another scope: {scope} databases that already " +
                $"passed {to} will never run it and would stop with drift on apply (they recorded an empty step); put it in a new version"));
        }
    }

    private static void CompareDown(MigrationBlock? was, MigrationBlock? now, MigrationBlock? up, BlockIndex after, string baseName,
        List<Diagnostic> diagnostics)
    {
        // A down block has run nowhere until someone rolls back, so adding one to an old edge is fine. Changing one that
        // reviewers already accepted is worth a second look: a rollback prepared against the old text now does something else.
        if (was is null || was.Checksum == (now?.Checksum ?? Checksum.Empty))
        {
            return;
        }

        string edge = $"{was.Scope} {was.From}→{was.To}";
        if (now is null)
        {
            diagnostics.Add(RuleCatalog.ReleasedDownBlockChanged.Create(up?.Start ?? NearestLine(was, after),
                $"down block {edge} (line {was.Start.Line} at {baseName}) was removed: 'ledger rollback' past this edge will refuse to run"));
            return;
        }

        FirstDifference diff = FirstDifference.Between(was, now);
        diagnostics.Add(RuleCatalog.ReleasedDownBlockChanged.Create(diff.Location,
            $"down block {edge} was edited after it was accepted at {baseName}; make sure it still undoes the up block as applied ({diff.Describe()})"));
    }

    private static Diagnostic Removed(DiagnosticDescriptor rule, MigrationBlock was, BlockIndex after, string baseName, string why) =>
        rule.Create(NearestLine(was, after),
            $"block {was.Scope} {was.From}→{was.To} (line {was.Start.Line} at {baseName}) was removed, but it exists at {baseName}: " +
            $"{why}; restore it, and undo schema changes with a new version");

    private static void ReportInsertedVersions(BlockIndex before, BlockIndex after, SemVersion releasedTop, string baseName,
        List<Diagnostic> diagnostics)
    {
        foreach (SemVersion version in after.Versions.Where(v => v < releasedTop && !before.Versions.Contains(v)).Order())
        {
            // At the block that introduces the version (the edge reaching it), else at one that leaves it.
            MigrationBlock first = after.Forward.Where(b => b.To == version).MinBy(b => b.Start.Line)
                ?? after.Forward.Where(b => b.From == version).MinBy(b => b.Start.Line)!;
            diagnostics.Add(RuleCatalog.VersionInsertedInHistory.Create(first.Start,
                $"version {version} is new but below {releasedTop}, which exists at {baseName}: databases already at {releasedTop} " +
                $"will never run it, and history can only grow at the end; give it a version above {releasedTop}"));
        }
    }

    /// <summary>
    /// Where to report a block that is gone: the block of the same edge in another scope, else the block that now
    /// covers its place on the version line (the first edge reaching above its start), else the last block, else line 1.
    /// </summary>
    private static SourceLocation NearestLine(MigrationBlock was, BlockIndex after)
    {
        MigrationBlock? sameEdge = after.Forward.Where(b => b.From == was.From && b.To == was.To).MinBy(b => b.Start.Line);
        if (sameEdge is not null) return sameEdge.Start;
        SemVersion low = was.IsDown ? was.To : was.From;
        MigrationBlock? covering = after.Forward.Where(b => b.To > low)
            .OrderBy(b => b.To).ThenBy(b => b.Scope == was.Scope ? 0 : 1).ThenBy(b => b.Start.Line).FirstOrDefault();
        MigrationBlock? last = after.Forward.OrderBy(b => b.To).ThenBy(b => b.Start.Line).LastOrDefault();
        return (covering ?? last)?.Start ?? new SourceLocation(after.Path, 1, 1);
    }

    /// <summary>The blocks of one document by scope and edge; the first block wins when one is duplicated (LDG011 reports it).</summary>
    private sealed class BlockIndex
    {
        private readonly Dictionary<(string, SemVersion, SemVersion), MigrationBlock> _blocks = [];
        private readonly Dictionary<(SemVersion, SemVersion), List<string>> _scopes = [];

        public BlockIndex(IReadOnlyList<MigrationBlock> blocks, string path)
        {
            foreach (MigrationBlock block in blocks)
            {
                _blocks.TryAdd((block.Scope, block.From, block.To), block);
            }

            Forward = blocks.Where(b => b.From < b.To).ToList();
            foreach (MigrationBlock block in Forward)
            {
                if (!_scopes.TryGetValue((block.From, block.To), out List<string>? scopes)) _scopes[(block.From, block.To)] = scopes = [];
                if (!scopes.Contains(block.Scope)) scopes.Add(block.Scope);
            }

            Versions = Forward.SelectMany(b => new[] { b.From, b.To }).ToHashSet();
            LastVersionWithSql = Forward.Where(b => b.HasSql).Select(b => b.To).DefaultIfEmpty(SemVersion.Baseline).Max()!;
            Path = path;
        }

        public List<MigrationBlock> Forward { get; }

        /// <summary>Every forward edge, once.</summary>
        public IEnumerable<(SemVersion From, SemVersion To)> Edges => _scopes.Keys;

        public bool HasEdge(SemVersion from, SemVersion to) => _scopes.ContainsKey((from, to));

        public HashSet<SemVersion> Versions { get; }

        /// <summary>Steps above this version are planned (docs/ledger-format.md): trailing steps whose blocks hold no statement.</summary>
        public SemVersion LastVersionWithSql { get; }

        public string Path { get; }

        public IEnumerable<string> ScopesOf(SemVersion from, SemVersion to) =>
            _scopes.TryGetValue((from, to), out List<string>? scopes) ? scopes : [];

        public MigrationBlock? Up(string scope, SemVersion from, SemVersion to) => _blocks.GetValueOrDefault((scope, from, to));

        public MigrationBlock? Down(string scope, SemVersion from, SemVersion to) => _blocks.GetValueOrDefault((scope, to, from));
    }
}
