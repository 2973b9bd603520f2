using System.Text.RegularExpressions;
using Ledger.Diagnostics;
using Markdig;
using Markdig.Helpers;
using Markdig.Parsers;
using Markdig.Syntax;

namespace Ledger.Documents;

/// <summary>
/// Fence scanning, the first part of <see cref="LedgerDocumentReader"/>: Markdig reads the Markdown's block structure,
/// and each fenced code block becomes a <see cref="CodeFence"/> (where it opens, closes and ends) and its content lines
/// (<see cref="FenceLines"/>). Also tells a nested fence opener, which CommonMark reads as text, from the rest.
/// </summary>
internal static partial class FenceScanner
{
    // Immutable once built, so these pipelines serve every read.
    // Only block structure is read (fences, headings); inline parsing (emphasis, links, code spans) is never used,
    // and it was a sixth of the load time of a 10,000-version ledger.
    private static readonly MarkdownPipeline Pipeline = BuildPipeline(bareFences: true);

    // Markdig replaces a NUL character of a fence's lines with U+FFFD (as CommonMark asks), and a block's checksum is
    // of those lines: a text with a NUL keeps Markdig's lines, so that its checksums stay what they were.
    private static readonly Lazy<MarkdownPipeline> NulPipeline = new(() => BuildPipeline(bareFences: false));

    private static MarkdownPipeline BuildPipeline(bool bareFences)
    {
        var builder = new MarkdownPipelineBuilder();
        if (bareFences) builder.BlockParsers.Replace<FencedCodeBlockParser>(new BareFenceParser());
        builder.InlineParsers.Clear();
        // Markdig still walks every paragraph and heading for inlines (with a literal parser it always adds);
        // marking each leaf block as closed-without-inlines skips that walk. Without inlines, only a fence's lines are
        // ever read (headings are read from the text): the others are let go as soon as their block closes, while
        // they are young, instead of surviving to the end of the parse (10 MiB for a 10,000-version ledger).
        foreach (BlockParser parser in builder.BlockParsers)
        {
            parser.Closed += static (_, block) =>
            {
                if (block is not LeafBlock leaf) return;
                leaf.ProcessInlines = false;
                if (leaf is not FencedCodeBlock) leaf.Lines = default;
            };
        }

        return builder.Build();
    }

    /// <summary>The Markdown's block structure (fences and headings; no inlines).</summary>
    public static MarkdownDocument Parse(string text) => Markdown.Parse(text, text.Contains('\0') ? NulPipeline.Value : Pipeline);

    /// <summary>Where a fenced code block opens, closes and ends in the file, and its fence.</summary>
    public static CodeFence Describe(FencedCodeBlock fenced, SourceLines source)
    {
        int open = fenced.Line + 1;
        bool closed = fenced.ClosingFencedCharCount > 0;
        // Markdig moves a block's span end only when the closing fence closes it: an unclosed fence runs to the end of
        // the document (at the top level) or to its last line kept (in a container).
        int last = closed ? source.LineOf(Math.Max(fenced.Span.Start, fenced.Span.End))
            : BareFenceParser.IsBare(fenced) ? source.Count
            : fenced.Lines.Count > 0 ? fenced.Lines.Lines[fenced.Lines.Count - 1].Line + 1
            : open;
        return new CodeFence(open, closed ? last : null, Math.Max(open, last), fenced.FencedChar, fenced.OpeningFencedCharCount);
    }

    /// <summary>
    /// Inside a fence, a line such as <c>```sql</c> cannot close it (a closing fence has no info string), so it is
    /// text; the author almost always meant a nested block, and the outer block really ends at the next bare fence. When
    /// a tagged block ended in the fence before the line, the author more likely forgot the fence's closer after it.
    /// </summary>
    /// <returns>True (and a diagnostic) when the line is such a nested opener.</returns>
    /// <param name="text">The line's content.</param>
    /// <param name="lineNumber">1-based line number.</param>
    /// <param name="columnOffset">0-based column of <paramref name="text"/> in the file's line.</param>
    /// <param name="fence">The fence the line is inside.</param>
    /// <param name="path">The file, for diagnostics.</param>
    /// <param name="diagnostics">Where the finding goes.</param>
    /// <param name="forgotten">
    /// Where the fence's closer was probably forgotten, when a tagged block ended in this fence before this line: the
    /// first line after its end tag that is not blank.
    /// </param>
    /// <param name="strayCloserOf">
    /// When <paramref name="fence"/> was opened by a bare fence meant to close an earlier block that a nested opener
    /// broke: that block's opening line and the line of its nested opener.
    /// </param>
    public static bool CheckNestedFence(string text, int lineNumber, int columnOffset, CodeFence fence, string path, List<Diagnostic> diagnostics,
        FenceLine? forgotten = null, (int Open, int Nested)? strayCloserOf = null)
    {
        // A line of only blanks (common inside SQL) has no first character to compare.
        ReadOnlySpan<char> trimmed = text.AsSpan().TrimStart();
        if (text.Length < 4 || trimmed.IsEmpty || trimmed[0] != fence.FenceChar)
        {
            return false;
        }

        Match m = FenceOpener().Match(text);
        if (!m.Success || m.Groups["fence"].Value[0] != fence.FenceChar || m.Groups["fence"].Length < fence.FenceLength)
        {
            return false;
        }

        string end = fence.CloseLine is int close ? $"ends at line {close}" : "runs to the end of the file";
        string closer = new(fence.FenceChar, fence.FenceLength);
        string longer = new(fence.FenceChar, fence.FenceLength + 1);
        string advice = (forgotten, strayCloserOf) switch
        {
            ({ } at, _) => $"its closing {closer} was probably forgotten: put it before line {at.Line}" +
                (at.Line == lineNumber ? "" : $" ('{Ledger.Text.TextDifference.Shorten(at.Span.ToString())}', now read as code)") +
                ", after the block's end tag",
            (null, { } stray) => $"that block was opened by a {closer} meant to close the code block opened at line {stray.Open} " +
                $"(see the finding at line {stray.Nested}); give that block a longer fence (e.g. {longer})",
            _ => $"use a longer fence (e.g. {longer}) for the outer block",
        };
        string what = forgotten is null ? "a nested code block" : "a new code block";
        diagnostics.Add(RuleCatalog.BrokenFenceNesting.Create(new SourceLocation(path, lineNumber, columnOffset + m.Groups["fence"].Index + 1),
            $"'{text.Trim()}' looks like the start of {what}, but CommonMark (and GitHub) read it as text inside the code block opened at line {fence.OpenLine}, which {end}; " +
            advice));
        return true;
    }

    [GeneratedRegex(@"^ {0,3}(?<fence>`{3,}|~{3,})\s*(?<info>[^`\s].*)$")]
    private static partial Regex FenceOpener();

    /// <summary>
    /// Markdig's fenced code parser, except that a fence at the top level of the document whose opener is not indented
    /// keeps none of its lines: each is exactly the line of the file (no container prefix, no indentation to remove),
    /// so <see cref="FenceLines"/> reads them from the text. Keeping them took a <c>StringLine</c> of 40 bytes per line
    /// in arrays grown by doubling: 21 MiB for a 10,000-version ledger, alive until the whole document was parsed.
    /// </summary>
    private sealed class BareFenceParser : FencedCodeBlockParser
    {
        public static bool IsBare(FencedCodeBlock fenced) =>
            fenced.Parser is BareFenceParser && fenced.Parent is MarkdownDocument && fenced.IndentCount == 0;

        public override BlockState TryContinue(BlockProcessor processor, Block block)
        {
            BlockState state = base.TryContinue(processor, block);
            return state == BlockState.Continue && IsBare((FencedCodeBlock)block) ? BlockState.ContinueDiscard : state;
        }
    }

    /// <summary>One content line of a fence: where its text is, its 1-based line and its column in the file's line.</summary>
    internal readonly record struct FenceLine(string? Text, int Start, int Length, int Line, int ColumnOffset)
    {
        public ReadOnlySpan<char> Span => Text is null ? [] : Text.AsSpan(Start, Length);
    }

    /// <summary>The content lines of a fence: the file's lines between its fences when it is bare, else Markdig's.</summary>
    internal readonly struct FenceLines(FencedCodeBlock fenced, CodeFence fence, SourceLines source)
    {
        private readonly bool _bare = BareFenceParser.IsBare(fenced);

        public int Count => _bare ? (fence.CloseLine ?? fence.LastLine + 1) - fence.OpenLine - 1 : fenced.Lines.Count;

        public FenceLine this[int i]
        {
            get
            {
                if (_bare)
                {
                    int line = fence.OpenLine + 1 + i;
                    (int start, int length) = source.Range(line);
                    return new FenceLine(source.Text, start, length, line, 0);
                }

                StringLine stringLine = fenced.Lines.Lines[i];
                StringSlice slice = stringLine.Slice;
                int number = stringLine.Line + 1;
                return new FenceLine(slice.Text, slice.Start, slice.Length, number, Math.Max(0, slice.Start - source.StartOf(number)));
            }
        }
    }
}
