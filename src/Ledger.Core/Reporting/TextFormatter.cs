using Ledger.Diagnostics;

namespace Ledger.Reporting;

/// <summary>Compiler-style lines, one per finding: <c>MIGRATIONS.md:18:4: error LDG003: message</c>.</summary>
public sealed class TextFormatter : IDiagnosticFormatter
{
    /// <inheritdoc />
    public void Write(TextWriter output, IReadOnlyList<Diagnostic> diagnostics)
    {
        foreach (Diagnostic diagnostic in diagnostics)
        {
            // A message is one line by contract; a stray line break would make the output unparseable.
            output.WriteLine(diagnostic.ToString().ReplaceLineEndings(" "));
        }
    }
}
