namespace Ledger.Cli.Output;

/// <summary>
/// A table in aligned columns: the header, a rule under it, then the rows; a cell longer than
/// <see cref="MaxWidth"/> is cut with <c>…</c>. On a terminal the header is bold and the rule is drawn with box
/// characters; in a log or a pipe it is plain text (dashes), so that it reads the same in any viewer and diffs well.
/// Ledger's own renderer, not a library's: see docs/architecture.md ("Terminal output").
/// </summary>
public static class TextTable
{
    /// <summary>The widest a column gets.</summary>
    public const int MaxWidth = 60;

    /// <summary>Writes the table.</summary>
    /// <param name="output">Where to write.</param>
    /// <param name="header">The column titles.</param>
    /// <param name="rows">The rows, as many cells as titles.</param>
    /// <param name="terminal">Bold header and a drawn rule (for a terminal) rather than plain text.</param>
    public static void Write(TextWriter output, IReadOnlyList<string> header, IReadOnlyList<string[]> rows, bool terminal)
    {
        int[] widths = header.Select((h, c) => Math.Min(MaxWidth, rows.Select(r => r[c].Length).Append(h.Length).Max())).ToArray();
        string titles = Row(header, widths);
        output.WriteLine(terminal ? $"\u001b[1m{titles}\u001b[0m" : titles);
        output.WriteLine(string.Join("  ", widths.Select(w => new string(terminal ? '─' : '-', w))));
        foreach (string[] row in rows) output.WriteLine(Row(row, widths));
    }

    private static string Row(IReadOnlyList<string> cells, int[] widths) =>
        string.Join("  ", cells.Select((c, k) => (c.Length > widths[k] ? c[..(widths[k] - 1)] + "…" : c).PadRight(widths[k]))).TrimEnd();
}
