using Ledger.Diagnostics;

namespace Ledger.Linting.Suppressions;

/// <summary>One <c>-- ledger:ignore LDGnnn reason</c> comment of the ledger.</summary>
/// <param name="Location">Where the comment is (its <c>--</c>).</param>
/// <param name="Code">The code it names, as written; null when it names none.</param>
/// <param name="Reason">Why the finding was accepted; null when none is given.</param>
/// <param name="FirstLine">First line it covers: the next line that is not blank and not another suppression; 0 for none.</param>
/// <param name="LastLine">Last line it covers: the end of the statement that starts on <paramref name="FirstLine"/>, else that line.</param>
/// <param name="EndTagLine">
/// When <paramref name="FirstLine"/> is a block's start tag, the line of its end tag: a tag finding is usually reported on
/// both tags, and a suppression inside the body would change the block's checksum. 0 otherwise.
/// </param>
public sealed record Suppression(SourceLocation Location, string? Code, string? Reason, int FirstLine, int LastLine, int EndTagLine = 0)
{
    /// <summary>True when <paramref name="diagnostic"/> is a finding this comment hides.</summary>
    public bool Covers(Diagnostic diagnostic) =>
        FirstLine > 0 &&
        string.Equals(diagnostic.Code, Code, StringComparison.OrdinalIgnoreCase) &&
        ((diagnostic.Location.Line >= FirstLine && diagnostic.Location.Line <= LastLine) || diagnostic.Location.Line == EndTagLine) &&
        string.Equals(diagnostic.Location.Path, Location.Path, StringComparison.Ordinal);
}
