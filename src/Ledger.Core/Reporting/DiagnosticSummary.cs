using Ledger.Diagnostics;

namespace Ledger.Reporting;

/// <summary>The one-line count under a text report: <c>1 error, 2 warnings, 3 infos in 1 file</c>.</summary>
public static class DiagnosticSummary
{
    /// <summary>Counts findings by severity.</summary>
    public static string Describe(IReadOnlyCollection<Diagnostic> diagnostics, int files)
    {
        int errors = diagnostics.Count(d => d.Severity == Severity.Error);
        int warnings = diagnostics.Count(d => d.Severity == Severity.Warning);
        int infos = diagnostics.Count(d => d.Severity == Severity.Info);
        return $"{Plural(errors, "error")}, {Plural(warnings, "warning")}, {Plural(infos, "info")} in {Plural(files, "file")}";
    }

    private static string Plural(int count, string noun) => count == 1 ? $"1 {noun}" : $"{count} {noun}s";
}
