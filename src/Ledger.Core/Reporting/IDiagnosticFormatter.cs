using Ledger.Diagnostics;

namespace Ledger.Reporting;

/// <summary>Writes findings in one output format (<c>text</c>, <c>json</c>, <c>github</c>, <c>sarif</c>).</summary>
public interface IDiagnosticFormatter
{
    /// <summary>Writes every finding, in the order given.</summary>
    void Write(TextWriter output, IReadOnlyList<Diagnostic> diagnostics);
}
