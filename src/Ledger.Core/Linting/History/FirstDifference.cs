using Ledger.Diagnostics;
using Ledger.Model;

namespace Ledger.Linting.History;

/// <summary>
/// The first place where two versions of a block differ, compared as the checksum sees them
/// (<see cref="Checksum.NormalizedLines"/>: trailing whitespace and line endings ignored, leading and trailing blank lines
/// dropped), located in the new block: a short diff for a message.
/// </summary>
/// <param name="Location">The first differing line of the new block (its start tag when the new body is empty).</param>
/// <param name="BodyLine">1-based line of the difference within the new block's body (0 when at the tag).</param>
/// <param name="Old">The old line, or null when lines were only added there.</param>
/// <param name="New">The new line, or null when lines were only removed there.</param>
/// <param name="RemovedLines">Lines of the old body in the changed region.</param>
/// <param name="AddedLines">Lines of the new body in the changed region.</param>
internal sealed record FirstDifference(SourceLocation Location, int BodyLine, string? Old, string? New, int RemovedLines, int AddedLines)
{
    private const int Shown = 60;

    /// <summary>Compares two blocks that have different checksums.</summary>
    /// <remarks>
    /// <c>-- ledger:ignore</c> lines are left out when looking for the change, so that a reviewer's suppression of the
    /// edit sits before the changed line it accepts. When they are all that changed, they are the change: adding a
    /// suppression to a released block changes its checksum like any other edit.
    /// </remarks>
    public static FirstDifference Between(MigrationBlock was, MigrationBlock now)
    {
        List<(int Index, string Text)> a = Checksum.NormalizedLines(was.Body), b = Checksum.NormalizedLines(now.Body);
        List<(int Index, string Text)> a2 = a.Where(l => !IsSuppression(l.Text)).ToList(), b2 = b.Where(l => !IsSuppression(l.Text)).ToList();
        if (!a2.Select(l => l.Text).SequenceEqual(b2.Select(l => l.Text)))
        {
            (a, b) = (a2, b2);
        }

        int k = 0;
        while (k < a.Count && k < b.Count && a[k].Text == b[k].Text) k++;
        int suffix = 0;
        while (suffix < a.Count - k && suffix < b.Count - k && a[^(suffix + 1)].Text == b[^(suffix + 1)].Text) suffix++;

        // Point at the first new line of the change; when lines were only removed, at the line after them, else the last line.
        (int Index, string Text)? at = k < b.Count ? b[k] : b.Count > 0 ? b[^1] : null;
        SourceLocation location = at is { } line
            ? new SourceLocation(now.Start.Path, now.Start.Line + 1 + line.Index, now.BodyColumnOffset + 1)
            : now.Start;
        return new FirstDifference(location, at is { } l ? l.Index + 1 : 0,
            k < a.Count ? a[k].Text : null, k < b.Count ? b[k].Text : null,
            a.Count - k - suffix, b.Count - k - suffix);
    }

    /// <summary>E.g. <c>line 2 of the block: was 'ALTER TABLE t ADD a TEXT;', now 'ALTER TABLE t ADD a INT;'; -1 +1 lines</c>.</summary>
    public string Describe()
    {
        string what = (Old, New) switch
        {
            (not null, not null) => $"was '{Cut(Old)}', now '{Cut(New)}'",
            (null, not null) => $"added '{Cut(New)}'",
            (not null, null) => $"removed '{Cut(Old)}'",
            _ => "changed",
        };
        string where = BodyLine > 0 ? $"line {BodyLine} of the block: " : "";
        return $"{where}{what}; -{RemovedLines} +{AddedLines} lines";
    }

    private static bool IsSuppression(string line) =>
        line.TrimStart().StartsWith("--", StringComparison.Ordinal) && line.Contains(Suppressions.SuppressionReader.Marker, StringComparison.Ordinal);

    private static string Cut(string text) => text.Length <= Shown ? text.Trim() : text[..Shown].Trim() + "…";
}
