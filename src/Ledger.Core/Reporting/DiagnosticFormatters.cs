namespace Ledger.Reporting;

/// <summary>The output formats by name.</summary>
public static class DiagnosticFormatters
{
    /// <summary>Every format name, for help and error messages.</summary>
    public static IReadOnlyList<string> Names { get; } = ["text", "json", "github", "sarif"];

    /// <summary>The formatter for <paramref name="name"/> (case-insensitive), or null for an unknown format.</summary>
    public static IDiagnosticFormatter? Create(string name, ToolInfo tool) => name.ToLowerInvariant() switch
    {
        "text" => new TextFormatter(),
        "json" => new JsonFormatter(),
        "github" => new GitHubFormatter(),
        "sarif" => new SarifFormatter(tool),
        _ => null,
    };
}
