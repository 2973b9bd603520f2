using System.Text;
using System.Text.RegularExpressions;
using Ledger.Diagnostics;
using Ledger.Model;
using Ledger.Tags;
using Ledger.Versions;
using Markdig;
using Markdig.Helpers;
using Markdig.Parsers;
using Markdig.Syntax;

namespace Ledger.Documents;

/// <summary>
/// Reads a ledger's text into a <see cref="LedgerDocument"/>: Markdig finds the fenced code blocks and headings,
/// <see cref="TagLineReader"/> reads tag lines, and start/end tags are paired into blocks. Never throws for bad
/// input: every problem becomes a diagnostic.
/// </summary>
public static partial class LedgerDocumentReader
{
    // Immutable once built, so these pipelines serve every read.
    // Only block structure is read (fences, headings); inline parsing (emphasis, links, code spans) is never used,
    // and it was a sixth of the load time of a 10,000-version ledger.
    private static readonly MarkdownPipeline Pipeline = BuildPipeline(bareFences: true);

    // Markdig replaces a NUL character of a fence's lines with U+FFFD (as CommonMark asks), and a block's checksum is
    // of those lines: a text with a NUL keeps Markdig's lines, so that its checksums stay what they were.
    private static readonly Lazy<MarkdownPipeline> NulPipeline = new(() => BuildPipeline(bareFences: false));

    // Below this many blocks, starting threads costs more than building the blocks on one.
    private const int ParallelBuildThreshold = 256;

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
    public static LedgerDocument Read(string text, string path)
    {
        text = ByteOrderMark.Strip(text);

        var source = new SourceLines(text);
        MarkdownDocument markdown = Markdown.Parse(text, text.Contains('\0') ? NulPipeline.Value : Pipeline);
        var diagnostics = new List<Diagnostic>();
        var blocks = new List<MigrationBlock>();
        var fences = new List<CodeFence>();
        var inFence = new bool[source.Count + 1];
        var pending = new List<PendingBlock>();
        var versions = new Dictionary<string, SemVersion>(StringComparer.Ordinal); // one instance per version text
        foreach (FencedCodeBlock fenced in markdown.Descendants<FencedCodeBlock>())
        {
            CodeFence fence = Describe(fenced, source);
            fences.Add(fence);
            int? firstNested = ReadFence(fenced, fence, source, path, diagnostics, pending, versions);
            // A fence with a nested opener was almost always opened by a fence meant to close an earlier block:
            // what stands before the nested opener is prose (headings, descriptions), as the author saw it.
            int proseEnd = firstNested ?? fence.OpenLine;
            for (int l = fence.OpenLine; l <= fence.LastLine; l++) inFence[l] = l == fence.OpenLine || l >= proseEnd;
        }

        var outline = new Outline(ReadHeadings(markdown, source, inFence), ReadDescriptions(source, inFence));
        // Each block's statements and checksum are its own work: a large ledger's blocks are built on every core.
        var built = new MigrationBlock[pending.Count];
        void Build(int i)
        {
            PendingBlock p = pending[i];
            (string? title, string? description) = outline.Describe(p.Start.Location.Line, p.Start.To);
            built[i] = new MigrationBlock(p.Start.Scope, p.Start.From, p.Start.To, p.Body.Text, p.Body.Start, p.Body.Length,
                p.Start.Location, p.End.Location, p.BodyColumnOffset, title, description);
        }

        if (pending.Count >= ParallelBuildThreshold) Parallel.For(0, pending.Count, Build);
        else for (int i = 0; i < pending.Count; i++) Build(i);
        blocks.AddRange(built);

        for (int l = 1; l <= source.Count; l++) inFence[l] = false;
        foreach (CodeFence fence in fences)
        {
            for (int l = fence.OpenLine; l <= fence.LastLine; l++) inFence[l] = true;
        }

        ReportTagsOutsideFences(source, inFence, path, diagnostics);
        diagnostics.Sort(DiagnosticOrder.Compare);
        return new LedgerDocument(path, blocks, fences, diagnostics, source.Count);
    }

    private sealed record PendingBlock(Tag Start, Tag End, BodyRange Body, int BodyColumnOffset);

    /// <summary>A block's body: <see cref="Length"/> characters of <see cref="Text"/> from <see cref="Start"/>.</summary>
    private readonly record struct BodyRange(string Text, int Start, int Length);

    private sealed class OpenBlock(TagLineResult start, int line, string text, int columnOffset)
    {
        public TagLineResult Start { get; } = start;
        public int Line { get; } = line;
        public string Text { get; } = text;
        public int ColumnOffset { get; } = columnOffset;

        // The body is the block's lines joined with \n. While they are consecutive lines of the file separated by a
        // lone \n (a fence at the margin of an LF file: nearly always), the body is one range of the file, which the
        // block reads without copying; otherwise the lines are copied into a builder.
        private string? _file;
        private int _first, _last = -1;
        private StringBuilder? _builder;
        private bool _hasBody;

        public void Append(FenceLine line)
        {
            if (_builder is null && line.Text is not null)
            {
                if (!_hasBody)
                {
                    (_file, _first, _last, _hasBody) = (line.Text, line.Start, line.Start + line.Length - 1, true);
                    return;
                }

                if (ReferenceEquals(line.Text, _file) && line.Start == _last + 2 && _file[_last + 1] == '\n')
                {
                    _last = line.Start + line.Length - 1;
                    return;
                }
            }

            if (_builder is null)
            {
                _builder = new StringBuilder();
                if (_file is not null) _builder.Append(_file.AsSpan(_first, _last - _first + 1));
            }

            if (_hasBody) _builder.Append('\n');
            _builder.Append(line.Span);
            _hasBody = true;
        }

        public BodyRange Body()
        {
            if (_builder is not null)
            {
                string joined = _builder.ToString();
                return new BodyRange(joined, 0, joined.Length);
            }

            return _file is null ? new BodyRange("", 0, 0) : new BodyRange(_file, _first, _last - _first + 1);
        }
    }

    /// <returns>The line of the first nested fence opener, or null.</returns>
    private static int? ReadFence(FencedCodeBlock fenced, CodeFence fence, SourceLines source, string path,
        List<Diagnostic> diagnostics, List<PendingBlock> pending, Dictionary<string, SemVersion> versions)
    {
        OpenBlock? open = null;
        int? firstNested = null;
        var lines = new FenceLines(fenced, fence, source);
        for (int i = 0; i < lines.Count; i++)
        {
            FenceLine line = lines[i];
            ReadOnlySpan<char> span = line.Span;

            // Most lines are SQL: neither a tag nor a nested fence opener. Append them without making a string
            // (a 10,000-version ledger has a quarter of a million such lines).
            ReadOnlySpan<char> trimmed = span.TrimStart();
            if (!TagLineReader.LooksLikeTag(span) && (trimmed.IsEmpty || trimmed[0] != fence.FenceChar))
            {
                open?.Append(line);
                continue;
            }

            string text = span.ToString();
            int lineNumber = line.Line;
            int columnOffset = line.ColumnOffset;

            if (CheckNestedFence(text, lineNumber, columnOffset, fence, path, diagnostics))
            {
                firstNested ??= lineNumber;
            }

            TagLineResult result = TagLineReader.Read(text, path, lineNumber, columnOffset, diagnostics, versions);
            if (result.Kind != TagLineKind.Tag)
            {
                open?.Append(line);
                continue;
            }

            var at = new SourceLocation(path, lineNumber, columnOffset + 1 + LeadingBlanks(text));
            if (result.TagKind == TagKind.Start)
            {
                if (open is not null)
                {
                    diagnostics.Add(RuleCatalog.StartInsideBlock.Create(at,
                        $"start tag inside the block '{open.Text}' opened at line {open.Line}, which has no end tag before this line; end it with its ':end]' tag first"));
                }

                open = new OpenBlock(result, lineNumber, text.Trim(), columnOffset);
                continue;
            }

            if (open is null)
            {
                diagnostics.Add(RuleCatalog.EndWithoutStart.Create(at, $"end tag '{text.Trim()}' has no start tag before it in this code block"));
                continue;
            }

            if (open.Start.PairKey != result.PairKey)
            {
                diagnostics.Add(RuleCatalog.MismatchedEnd.Create(at,
                    $"end tag '{text.Trim()}' does not match the start tag '{open.Text}' at line {open.Line}: scope and versions must be the same"));
            }
            else if (open.Start.Tag is not null && result.Tag is not null)
            {
                pending.Add(new PendingBlock(open.Start.Tag, result.Tag, open.Body(), open.ColumnOffset));
            }

            open = null;
        }

        if (open is not null)
        {
            string where = fence.CloseLine is int close ? $"its code block closes at line {close}" : "the end of the file";
            diagnostics.Add(RuleCatalog.StartWithoutEnd.Create(new SourceLocation(path, open.Line, open.ColumnOffset + 1 + LeadingBlanks(open.Text)),
                $"start tag '{open.Text}' has no end tag before {where}"));
        }

        return firstNested;
    }

    /// <summary>
    /// Inside a fence, a line such as <c>```sql</c> cannot close it (a closing fence has no info string), so it is
    /// text; the author almost always meant a nested block, and the outer block really ends at the next bare fence.
    /// </summary>
    private static bool CheckNestedFence(string text, int lineNumber, int columnOffset, CodeFence fence, string path, List<Diagnostic> diagnostics)
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
        diagnostics.Add(RuleCatalog.BrokenFenceNesting.Create(new SourceLocation(path, lineNumber, columnOffset + m.Groups["fence"].Index + 1),
            $"'{text.Trim()}' looks like the start of a nested code block, but CommonMark (and GitHub) read it as text inside the code block opened at line {fence.OpenLine}, which {end}; " +
            $"use a longer fence (e.g. {new string(fence.FenceChar, fence.FenceLength + 1)}) for the outer block"));
        return true;
    }

    private static void ReportTagsOutsideFences(SourceLines source, bool[] inFence, string path, List<Diagnostic> diagnostics)
    {
        var scratch = new List<Diagnostic>();
        for (int line = 1; line <= source.Count; line++)
        {
            if (inFence[line])
            {
                continue;
            }

            if (!TagLineReader.LooksLikeTag(source.Span(line)))
            {
                continue;
            }

            string text = source.Line(line);
            scratch.Clear();
            TagLineResult result = TagLineReader.Read(text, path, line, 0, scratch);
            if (result.Kind == TagLineKind.Placeholder)
            {
                diagnostics.AddRange(scratch);
                continue;
            }

            diagnostics.Add(RuleCatalog.TagOutsideCodeBlock.Create(new SourceLocation(path, line, LeadingBlanks(text) + 1),
                $"tag '{text.Trim()}' is outside any fenced code block and is ignored; put the block inside a ```sql fence"));
        }
    }

    private static CodeFence Describe(FencedCodeBlock fenced, SourceLines source)
    {
        int open = fenced.Line + 1;
        bool closed = fenced.ClosingFencedCharCount > 0;
        // Markdig moves a block's span end only when the closing fence closes it: an unclosed fence runs to the end of
        // the document (at the top level) or to its last line kept (in a container).
        int last = closed ? source.LineOf(Math.Max(fenced.Span.Start, fenced.Span.End))
            : BareFenceParser.IsBare(fenced) ? source.Count
            : fenced.Lines.Count > 0 ? fenced.Lines.Lines[fenced.Lines.Count - 1].Line + 1
            : open;
        return new CodeFence(open, closed ? last : null, Math.Max(open, last), fenced.Info ?? "", fenced.FencedChar, fenced.OpeningFencedCharCount);
    }

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
    private readonly record struct FenceLine(string? Text, int Start, int Length, int Line, int ColumnOffset)
    {
        public ReadOnlySpan<char> Span => Text is null ? [] : Text.AsSpan(Start, Length);
    }

    /// <summary>The content lines of a fence: the file's lines between its fences when it is bare, else Markdig's.</summary>
    private readonly struct FenceLines(FencedCodeBlock fenced, CodeFence fence, SourceLines source)
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

    private static List<Outline.Heading> ReadHeadings(MarkdownDocument markdown, SourceLines source, bool[] inFence)
    {
        var headings = new List<Outline.Heading>();
        foreach (HeadingBlock heading in markdown.Descendants<HeadingBlock>())
        {
            int line = heading.Line + 1;
            ReadOnlySpan<char> raw = source.Span(line);
            string text = TryAtxHeading(raw, out _, out string atx) ? atx : raw.Trim().TrimStart('>').Trim().ToString();
            headings.Add(new Outline.Heading(line, heading.Level, text));
        }

        // Headings swallowed by a fence that was meant to close an earlier block (see Read).
        var known = headings.Select(h => h.Line).ToHashSet();
        for (int line = 1; line <= source.Count; line++)
        {
            if (inFence[line] || !source.Span(line).TrimStart().StartsWith('#') || known.Contains(line)) continue;
            if (TryAtxHeading(source.Span(line), out int level, out string text))
            {
                headings.Add(new Outline.Heading(line, level, text));
            }
        }

        headings.Sort((a, b) => a.Line.CompareTo(b.Line));
        return headings;
    }

    private static List<(int Line, string Text)> ReadDescriptions(SourceLines source, bool[] inFence)
    {
        var found = new List<(int, string)>();
        for (int line = 1; line <= source.Count; line++)
        {
            if (inFence[line] || !source.Span(line).Contains("**Description", StringComparison.Ordinal)) continue;
            Match m = DescriptionLine().Match(source.Line(line));
            if (m.Success) found.Add((line, m.Groups["text"].Value.Trim()));
        }

        return found;
    }

    private static int LeadingBlanks(string text)
    {
        int i = 0;
        while (i < text.Length && (text[i] == ' ' || text[i] == '\t')) i++;
        return i;
    }

    [GeneratedRegex(@"^ {0,3}(?<fence>`{3,}|~{3,})\s*(?<info>[^`\s].*)$")]
    private static partial Regex FenceOpener();

    /// <summary>
    /// Reads an ATX heading (<c>### Title ##</c>, possibly inside block quotes): its level and its text without the
    /// opening and closing sequences. Hand-written: a regex with a lazy group backtracked on every heading line.
    /// </summary>
    internal static bool TryAtxHeading(ReadOnlySpan<char> line, out int level, out string text)
    {
        level = 0;
        text = "";
        int i = 0;
        while (i < line.Length && i < 3 && line[i] == ' ') i++;
        while (i < line.Length && line[i] == '>')
        {
            i++;
            if (i < line.Length && line[i] == ' ') i++;
            while (i < line.Length && i < 3 && line[i] == ' ') i++;
        }

        int hashes = 0;
        while (i + hashes < line.Length && line[i + hashes] == '#') hashes++;
        if (hashes is < 1 or > 6 || (i + hashes < line.Length && line[i + hashes] is not (' ' or '\t')))
        {
            return false;
        }

        ReadOnlySpan<char> rest = line[(i + hashes)..].Trim();
        // A closing sequence of '#' counts only when it stands alone or after a space.
        int end = rest.Length;
        while (end > 0 && rest[end - 1] == '#') end--;
        if (end == 0) rest = [];
        else if (end < rest.Length && rest[end - 1] is ' ' or '\t') rest = rest[..end].TrimEnd();

        level = hashes;
        text = rest.ToString();
        return true;
    }

    [GeneratedRegex(@"^\s*(?:[-*]\s+)?\*\*Description(?:\*\*\s*:|:\*\*)\s*(?<text>.+)$")]
    private static partial Regex DescriptionLine();
}
