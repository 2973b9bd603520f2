namespace Ledger.Diagnostics;

/// <summary>A place in a file. <see cref="Line"/> and <see cref="Column"/> are 1-based.</summary>
/// <param name="Path">The file as the user named it.</param>
/// <param name="Line">1-based line.</param>
/// <param name="Column">1-based column (in UTF-16 code units of the line).</param>
public sealed record SourceLocation(string Path, int Line, int Column)
{
    /// <inheritdoc />
    public override string ToString() => $"{Path}:{Line}:{Column}";
}
