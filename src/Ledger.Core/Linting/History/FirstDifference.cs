using Ledger.Diagnostics;
using Ledger.Model;
using Ledger.Text;

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
        // A line inserted before unchanged ones is added, not a changed version of the line it pushed down.
        int removed = a.Count - k - suffix, added = b.Count - k - suffix;
        return new FirstDifference(location, at is { } l ? l.Index + 1 : 0,
            removed > 0 ? a[k].Text : null, added > 0 ? b[k].Text : null, removed, added);
    }

    /// <summary>
    /// E.g. <c>line 3 of the block: 'name TEXT NOT NULL' was 'name TEXT'</c>: the differing part of the first changed
    /// line (see <see cref="TextDifference"/>), then how many lines the change spans when that is more than one.
    /// </summary>
    public string Describe()
    {
        string what = "changed";
        if (Old is not null && New is not null)
        {
            TextDifference difference = TextDifference.Between(Old, New);
            what = difference.WhiteSpaceOnly ? $"white space changed in '{difference.New}'" : $"'{difference.New}' was '{difference.Old}'";
        }
        else if (New is not null) what = $"added '{TextDifference.Shorten(New)}'";
        else if (Old is not null) what = $"removed '{TextDifference.Shorten(Old)}'";

        string where = BodyLine > 0 ? $"line {BodyLine} of the block: " : "";
        string span = RemovedLines <= 1 && AddedLines <= 1 ? "" : $"; -{RemovedLines} +{AddedLines} lines";
        return $"{where}{what}{span}";
    }

    private static bool IsSuppression(string line) =>
        line.TrimStart().StartsWith("--", StringComparison.Ordinal) && line.Contains(Suppressions.SuppressionReader.Marker, StringComparison.Ordinal);

}
