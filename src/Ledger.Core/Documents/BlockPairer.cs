using System.Text;
using Ledger.Diagnostics;
using Ledger.Tags;
using Ledger.Versions;
using Markdig.Syntax;
using static Ledger.Documents.FenceScanner;

namespace Ledger.Documents;

/// <summary>
/// Block pairing, the second part of <see cref="LedgerDocumentReader"/>: reads the tag lines of each fence (with
/// <see cref="TagLineReader"/>) and pairs each start tag with its end tag into a <see cref="PendingBlock"/> (tags,
/// body); an unpaired or mismatched tag, and a tag outside every fence, becomes a diagnostic. One pairer per read.
/// </summary>
internal sealed class BlockPairer(string path, List<Diagnostic> diagnostics, IReadOnlyList<string> scopes)
{
    private readonly Dictionary<string, SemVersion> _versions = new(StringComparer.Ordinal); // one instance per version text

    /// <summary>The blocks paired so far, in the order of the file.</summary>
    public List<PendingBlock> Pending { get; } = [];

    /// <summary>A paired block, before its title and description are known.</summary>
    internal sealed record PendingBlock(Tag Start, Tag End, BodyRange Body, int BodyColumnOffset);

    /// <summary>A block's body: <see cref="Length"/> characters of <see cref="Text"/> from <see cref="Start"/>.</summary>
    internal readonly record struct BodyRange(string Text, int Start, int Length);

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

    /// <summary>Pairs the tags of one fence; its blocks are added to <see cref="Pending"/>.</summary>
    /// <param name="fenced">The fence as Markdig read it.</param>
    /// <param name="fence">Where it is.</param>
    /// <param name="source">The file's lines.</param>
    /// <param name="broken">The fence before this one when a nested opener closed it early: its opening line and that opener's line.</param>
    /// <returns>The line of the first nested fence opener, or null.</returns>
    public int? ReadFence(FencedCodeBlock fenced, CodeFence fence, SourceLines source, (int Open, int Nested)? broken = null)
    {
        // A bare fence right after a block that a nested opener closed early was meant to close that block.
        (int Open, int Nested)? strayCloserOf = string.IsNullOrEmpty(fenced.Info) ? broken : null;
        OpenBlock? open = null;
        int? firstNested = null;
        // After a block's end tag: the first line that is not blank (where the fence's closer was probably forgotten
        // when a nested opener follows), and whether it is still to be found.
        FenceLine? afterEnd = null;
        bool seekingAfterEnd = false;
        var lines = new FenceLines(fenced, fence, source);
        for (int i = 0; i < lines.Count; i++)
        {
            FenceLine line = lines[i];
            ReadOnlySpan<char> span = line.Span;

            // Most lines are SQL: neither a tag nor a nested fence opener. Append them without making a string
            // (a 10,000-version ledger has a quarter of a million such lines).
            ReadOnlySpan<char> trimmed = span.TrimStart();
            if (seekingAfterEnd && !trimmed.IsEmpty)
            {
                afterEnd = line;
                seekingAfterEnd = false;
            }

            if (!TagLineReader.LooksLikeTag(span) && (trimmed.IsEmpty || trimmed[0] != fence.FenceChar))
            {
                open?.Append(line);
                continue;
            }

            string text = span.ToString();
            int lineNumber = line.Line;
            int columnOffset = line.ColumnOffset;

            // Inside an open block, the block's end (and the fence's closer) are missing, not just the closer.
            if (CheckNestedFence(text, lineNumber, columnOffset, fence, path, diagnostics, open is null ? afterEnd : null, strayCloserOf))
            {
                firstNested ??= lineNumber;
            }

            TagLineResult result = TagLineReader.Read(text, path, lineNumber, columnOffset, diagnostics, scopes, _versions);
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

            (afterEnd, seekingAfterEnd) = (null, true);
            if (open is null)
            {
                diagnostics.Add(RuleCatalog.EndWithoutStart.Create(at, $"end tag '{text.Trim()}' has no start tag before it in this code block"));
                continue;
            }

            if (open.Start.PairKey != result.PairKey && !(open.Start.Malformed && result.Malformed))
            {
                (SourceLocation? where, string? which) = FirstDifference(text, open.Start.PairKey, result.PairKey, lineNumber, columnOffset);
                diagnostics.Add(RuleCatalog.MismatchedEnd.Create(where ?? at,
                    $"end tag '{text.Trim()}' does not match the start tag '{open.Text}' at line {open.Line}: scope and versions must be the same" +
                    (which is null ? "" : $" ({which})")));
            }
            else if (open.Start.Tag is not null && result.Tag is not null)
            {
                Pending.Add(new PendingBlock(open.Start.Tag, result.Tag, open.Body(), open.ColumnOffset));
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

    /// <summary>A tag on a line outside every fence is ignored, and said so (a placeholder tag gets its own finding).</summary>
    public void ReportTagsOutsideFences(SourceLines source, bool[] inFence)
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
            TagLineResult result = TagLineReader.Read(text, path, line, 0, scratch, scopes);
            if (result.Kind == TagLineKind.Placeholder)
            {
                diagnostics.AddRange(scratch);
                continue;
            }

            diagnostics.Add(RuleCatalog.TagOutsideCodeBlock.Create(new SourceLocation(path, line, LeadingBlanks(text) + 1),
                $"tag '{text.Trim()}' is outside any fenced code block and is ignored; put the block inside a ```sql fence"));
        }
    }

    /// <summary>
    /// Where an end tag first differs from its start tag: at its scope, its from version or its to version (pair keys
    /// are <c>scope|from|to</c>), and what differs; nulls when the end tag is not well-formed enough to say.
    /// </summary>
    private (SourceLocation?, string?) FirstDifference(string text, string startKey, string endKey, int lineNumber, int columnOffset)
    {
        string[] start = startKey.Split('|'), end = endKey.Split('|');
        if (start.Length != 3 || end.Length != 3 || !TagGrammar.TryScan(text, out TagSyntax? syntax))
        {
            return (null, null);
        }

        (int index, string part, int i) = start[0] != end[0] ? (syntax.ScopeIndex, "scope", 0)
            : start[1] != end[1] ? (syntax.FromIndex, "from version", 1)
            : (syntax.ToIndex, "to version", 2);
        return (new SourceLocation(path, lineNumber, columnOffset + index + 1), $"the {part} is {end[i]} here and {start[i]} at the start");
    }

    private static int LeadingBlanks(string text)
    {
        int i = 0;
        while (i < text.Length && (text[i] == ' ' || text[i] == '\t')) i++;
        return i;
    }
}
