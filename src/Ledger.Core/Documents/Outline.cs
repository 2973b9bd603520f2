using Ledger.Versions;

namespace Ledger.Documents;

/// <summary>
/// The headings and <c>**Description**:</c> lines of a ledger, to name steps. A block's title is the outermost
/// heading above it, among the headings that enclose it, that names the step's target version
/// (<c>### Migration: 0.3.19 → 0.3.20</c> rather than <c>#### User Database Changes</c> under it); when none
/// names it, the nearest heading. Its description is the nearest description line between that heading and the block.
/// </summary>
internal sealed class Outline(List<Outline.Heading> headings, List<(int Line, string Text)> descriptions)
{
    // For each heading, the index of the heading that encloses it (the nearest one above with a lower level), or -1.
    // Walking this chain visits at most six headings; walking back through every heading above a block made reading
    // quadratic (10,000 versions: 30,000 headings times 18,000 blocks).
    private readonly int[] _enclosing = Enclosing(headings);

    /// <summary>A heading: 1-based line, level (1–6) and text.</summary>
    public sealed record Heading(int Line, int Level, string Text);

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
}
