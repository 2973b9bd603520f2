using System.Text;
using Ledger.Diagnostics;

namespace Ledger.Reporting;

/// <summary>
/// GitHub Actions workflow commands, which the runner turns into annotations on the pull request:
/// <c>::error file=MIGRATIONS.md,line=18,col=4,title=LDG003::message</c> (<c>::warning</c>, and <c>::notice</c> for infos).
/// </summary>
public sealed class GitHubFormatter : IDiagnosticFormatter
{
    /// <inheritdoc />
    public void Write(TextWriter output, IReadOnlyList<Diagnostic> diagnostics)
    {
        var line = new StringBuilder();
        foreach (Diagnostic d in diagnostics)
        {
            line.Clear();
            line.Append("::").Append(Command(d.Severity))
                .Append(" file=").Append(EscapeProperty(ReportPath.Forward(d.Location.Path)))
                .Append(",line=").Append(d.Location.Line)
                .Append(",col=").Append(d.Location.Column)
                .Append(",title=").Append(EscapeProperty(d.Code))
                .Append("::").Append(EscapeData(d.Message));
            output.WriteLine(line.ToString());
        }
    }

    private static string Command(Severity severity) => severity switch
    {
        Severity.Error => "error",
        Severity.Warning => "warning",
        _ => "notice",
    };

    /// <summary>The message part: '%', CR and LF are percent-encoded, as the runner decodes them.</summary>
    public static string EscapeData(string value) =>
        value.Replace("%", "%25", StringComparison.Ordinal)
            .Replace("\r", "%0D", StringComparison.Ordinal)
            .Replace("\n", "%0A", StringComparison.Ordinal);

    /// <summary>A property value: as <see cref="EscapeData"/>, and ':' and ',' too, which separate properties.</summary>
    public static string EscapeProperty(string value) =>
        EscapeData(value)
            .Replace(":", "%3A", StringComparison.Ordinal)
            .Replace(",", "%2C", StringComparison.Ordinal);
}
