using System.Text;
using Ledger.Diagnostics;
using Ledger.Model;
using Markdig.Syntax;

namespace Ledger.Documents;

/// <summary>
/// Reads a ledger's text into a <see cref="LedgerDocument"/>, in three parts: <see cref="FenceScanner"/> finds the
/// fenced code blocks (Markdig reads the block structure), <see cref="BlockPairer"/> reads each fence's tag lines
/// (with <see cref="Tags.TagLineReader"/>) and pairs start and end tags into blocks, and <see cref="Outline"/> names
/// each block from the headings and description lines around it. Never throws for bad input: every problem becomes a
/// diagnostic.
/// </summary>
public static class LedgerDocumentReader
{
    // Below this many blocks, starting threads costs more than building the blocks on one.
    private const int ParallelBuildThreshold = 256;

    /// <summary>Reads a ledger file from disk (UTF-8, with or without BOM).</summary>
    /// <exception cref="IOException">The file cannot be read.</exception>
    public static LedgerDocument ReadFile(string path) => Read(ReadText(path), path);

    /// <summary>
    /// A ledger file's text: UTF-8, with or without BOM (a UTF-16 or UTF-32 file with its BOM is read as such).
    /// Decoded straight from the file into the string (see <see cref="TextFile"/>): <see cref="File.ReadAllText(string, Encoding)"/>
    /// grows a builder chunk by chunk and copies it, which took 115 ms of a 10,000-version ledger's 8 MB.
    /// </summary>
    /// <exception cref="IOException">The file cannot be read.</exception>
    /// <exception cref="UnauthorizedAccessException">The file may not be read.</exception>
    public static string ReadText(string path) => TextFile.Read(path);

    /// <summary>Reads ledger text.</summary>
    /// <param name="text">The whole file; a UTF-8 BOM and CRLF, CR or LF line endings are accepted.</param>
    /// <param name="path">The file name used in diagnostics.</param>
    /// <param name="scopes">The scopes tags may name (declared in ledger.json); null for <c>system</c> and <c>user</c>.</param>
    public static LedgerDocument Read(string text, string path, IReadOnlyList<string>? scopes = null)
    {
        scopes ??= Scopes.Known;
        text = ByteOrderMark.Strip(text);

        var source = new SourceLines(text);
        MarkdownDocument markdown = FenceScanner.Parse(text);
        var diagnostics = new List<Diagnostic>();
        var blocks = new List<MigrationBlock>();
        var fences = new List<CodeFence>();
        var inFence = new bool[source.Count + 1];
        var pairer = new BlockPairer(path, diagnostics, scopes);
        (int Open, int Nested)? broken = null;
        foreach (FencedCodeBlock fenced in markdown.Descendants<FencedCodeBlock>())
        {
            CodeFence fence = FenceScanner.Describe(fenced, source);
            fences.Add(fence);
            int? firstNested = pairer.ReadFence(fenced, fence, source, broken);
            broken = firstNested is int nested ? (fence.OpenLine, nested) : null;
            // A fence with a nested opener was almost always opened by a fence meant to close an earlier block:
            // what stands before the nested opener is prose (headings, descriptions), as the author saw it.
            int proseEnd = firstNested ?? fence.OpenLine;
            for (int l = fence.OpenLine; l <= fence.LastLine; l++) inFence[l] = l == fence.OpenLine || l >= proseEnd;
        }

        var outline = Outline.Read(markdown, source, inFence);
        List<BlockPairer.PendingBlock> pending = pairer.Pending;
        // Each block's statements and checksum are its own work: a large ledger's blocks are built on every core.
        var built = new MigrationBlock[pending.Count];
        void Build(int i)
        {
            BlockPairer.PendingBlock p = pending[i];
            (string? title, string? description) = outline.Describe(p.Start.Location.Line, p.Start.To);
            built[i] = new MigrationBlock(p.Start.Scope, p.Start.From, p.Start.To, p.Body.Text, p.Body.Start, p.Body.Length,
                p.Start.Location, p.End.Location, p.BodyColumnOffset, title, description)
            {
                FromColumn = p.Start.FromColumn,
                ToColumn = p.Start.ToColumn,
            };
        }

        if (pending.Count >= ParallelBuildThreshold) Parallel.For(0, pending.Count, Build);
        else for (int i = 0; i < pending.Count; i++) Build(i);
        blocks.AddRange(built);

        for (int l = 1; l <= source.Count; l++) inFence[l] = false;
        foreach (CodeFence fence in fences)
        {
            for (int l = fence.OpenLine; l <= fence.LastLine; l++) inFence[l] = true;
        }

        pairer.ReportTagsOutsideFences(source, inFence);
        diagnostics.Sort(DiagnosticOrder.Compare);
        return new LedgerDocument(path, blocks, fences, diagnostics, source.Count);
    }
}
