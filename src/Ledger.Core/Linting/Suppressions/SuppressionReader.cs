using System.Text.RegularExpressions;
using Ledger.Diagnostics;
using Ledger.Documents;
using Ledger.Model;
using Ledger.Sql;

namespace Ledger.Linting.Suppressions;

/// <summary>
/// Finds the <c>-- ledger:ignore LDGnnn reason</c> comments of a ledger. Only lines inside fenced code blocks count
/// (that is where statements and tags are); a comment covers the next line that is not blank and not another
/// suppression — and when a statement starts there, the whole statement; when a block's start tag is there, its end tag too.
/// </summary>
public static partial class SuppressionReader
{
    /// <summary>The marker every suppression holds; text without it has none, and is not scanned further.</summary>
    public const string Marker = "ledger:ignore";

    /// <summary>Every suppression comment of the document, in file order.</summary>
    public static IReadOnlyList<Suppression> Read(string text, LedgerDocument document)
    {
        if (!text.Contains(Marker, StringComparison.Ordinal))
        {
            return [];
        }

        text = ByteOrderMark.Strip(text);
        var lines = new SourceLines(text);
        Dictionary<int, int> statementEnds = StatementEnds(document.Blocks);
        var endTags = new Dictionary<int, int>();
        foreach (MigrationBlock block in document.Blocks) endTags.TryAdd(block.Start.Line, block.End.Line);
        var found = new List<Suppression>();
        foreach (CodeFence fence in document.Fences)
        {
            for (int l = fence.OpenLine + 1; l <= Math.Min(fence.LastLine, lines.Count); l++)
            {
                Match m = Comment().Match(lines.Line(l));
                if (!m.Success) continue;

                int first = NextCoveredLine(lines, l, Math.Min(fence.LastLine, lines.Count));
                int last = first > 0 && statementEnds.TryGetValue(first, out int end) ? end : first;
                int endTag = first > 0 && endTags.TryGetValue(first, out int e) ? e : 0;
                string? code = m.Groups["code"].Success ? m.Groups["code"].Value.ToUpperInvariant() : null;
                string reason = m.Groups["reason"].Value.Trim();
                found.Add(new Suppression(new SourceLocation(document.Path, l, m.Groups["dashes"].Index + 1), code,
                    reason.Length > 0 ? reason : null, first, last, endTag));
            }
        }

        return found;
    }

    private static int NextCoveredLine(SourceLines lines, int comment, int lastLine)
    {
        for (int l = comment + 1; l <= lastLine; l++)
        {
            string line = lines.Line(l);
            if (line.AsSpan().TrimStart(" \t>").IsEmpty || Comment().IsMatch(line)) continue;
            return l;
        }

        return 0;
    }

    /// <summary>The last file line of each statement, by the file line it starts on.</summary>
    private static Dictionary<int, int> StatementEnds(IReadOnlyList<MigrationBlock> blocks)
    {
        var ends = new Dictionary<int, int>();
        foreach (MigrationBlock block in blocks)
        {
            foreach (SqlStatement s in block.Statements)
            {
                int start = block.LocationOf(s).Line;
                ends.TryAdd(start, start + s.EndLine - s.Line);
            }
        }

        return ends;
    }

    // "-- ledger:ignore LDG020 reason", inside a list or block quote too; the code and the reason are optional here so
    // that their absence can be reported. A ':' or '-' between code and reason is allowed.
    [GeneratedRegex(@"^[\s>]*(?<dashes>--)\s*ledger:ignore\b[\s:]*(?:(?<code>[A-Za-z]+\d+)\b)?[\s:\-—]*(?<reason>.*)$")]
    private static partial Regex Comment();
}
