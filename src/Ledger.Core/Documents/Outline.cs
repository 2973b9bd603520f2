using System.Text.RegularExpressions;
using Ledger.Versions;
using Markdig.Syntax;

namespace Ledger.Documents;

/// <summary>
/// The headings and <c>**Description**:</c> lines of a ledger, to name steps. A block's title is the outermost
/// heading above it, among the headings that enclose it, that names the step's target version
/// (<c>### Migration: 0.3.19 → 0.3.20</c> rather than <c>#### User Database Changes</c> under it); when none
/// names it, the nearest heading. Its description is the nearest description line between that heading and the block.
/// The third part of <see cref="LedgerDocumentReader"/>, after fence scanning and block pairing.
/// </summary>
internal sealed partial class Outline(List<Outline.Heading> headings, List<(int Line, string Text)> descriptions)
{
    // For each heading, the index of the heading that encloses it (the nearest one above with a lower level), or -1.
    // Walking this chain visits at most six headings; walking back through every heading above a block made reading
    // quadratic (10,000 versions: 30,000 headings times 18,000 blocks).
    private readonly int[] _enclosing = Enclosing(headings);

    /// <summary>A heading: 1-based line, level (1–6) and text.</summary>
    public sealed record Heading(int Line, int Level, string Text);

    /// <summary>
    /// Reads the outline of a document: its headings (Markdig's, and the ones a fence swallowed) and its description
    /// lines, outside the lines <paramref name="inFence"/> marks.
    /// </summary>
    public static Outline Read(MarkdownDocument markdown, SourceLines source, bool[] inFence) =>
        new(ReadHeadings(markdown, source, inFence), ReadDescriptions(source, inFence));

    public (string? Title, string? Description) Describe(int line, SemVersion to)
    {
        int nearest = LastBefore(headings, h => h.Line, line);
        if (nearest < 0)
        {
            return (null, DescriptionBetween(0, line));
        }

        // Walk the enclosing headings: each next one has a lower level (a wider section).
        Heading chosen = headings[nearest];
        string version = to.Normalized;
        Heading? named = null;
        for (int i = nearest; i >= 0; i = _enclosing[i])
        {
            Heading h = headings[i];
            if (!to.IsBaseline && h.Text.Contains(version, StringComparison.Ordinal)) named = h;
        }

        chosen = named ?? chosen;
        return (chosen.Text, DescriptionBetween(chosen.Line, line));
    }

    private static int[] Enclosing(List<Heading> headings)
    {
        var enclosing = new int[headings.Count];
        var open = new Stack<int>();
        for (int i = 0; i < headings.Count; i++)
        {
            while (open.Count > 0 && headings[open.Peek()].Level >= headings[i].Level) open.Pop();
            enclosing[i] = open.Count > 0 ? open.Peek() : -1;
            open.Push(i);
        }

        return enclosing;
    }

    private string? DescriptionBetween(int after, int before)
    {
        int i = LastBefore(descriptions, d => d.Line, before);
        return i >= 0 && descriptions[i].Line > after ? descriptions[i].Text : null;
    }

    private static int LastBefore<T>(List<T> items, Func<T, int> lineOf, int line)
    {
        int lo = 0, hi = items.Count - 1, best = -1;
        while (lo <= hi)
        {
            int mid = (lo + hi) / 2;
            if (lineOf(items[mid]) < line) { best = mid; lo = mid + 1; }
            else hi = mid - 1;
        }

        return best;
    }

    private static List<Heading> ReadHeadings(MarkdownDocument markdown, SourceLines source, bool[] inFence)
    {
        var headings = new List<Heading>();
        foreach (HeadingBlock heading in markdown.Descendants<HeadingBlock>())
        {
            int line = heading.Line + 1;
            ReadOnlySpan<char> raw = source.Span(line);
            string text = TryAtxHeading(raw, out _, out string atx) ? atx : raw.Trim().TrimStart('>').Trim().ToString();
            headings.Add(new Heading(line, heading.Level, text));
        }

        // Headings swallowed by a fence that was meant to close an earlier block (see LedgerDocumentReader.Read).
        var known = headings.Select(h => h.Line).ToHashSet();
        for (int line = 1; line <= source.Count; line++)
        {
            if (inFence[line] || !source.Span(line).TrimStart().StartsWith('#') || known.Contains(line)) continue;
            if (TryAtxHeading(source.Span(line), out int level, out string text))
            {
                headings.Add(new Heading(line, level, text));
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
