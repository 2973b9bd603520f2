using Ledger.Linting;

namespace Ledger.Reporting;

/// <summary>The output formats by name.</summary>
public static class DiagnosticFormatters
{
    /// <summary>Every format name, for help and error messages.</summary>
    public static IReadOnlyList<string> Names { get; } = ["text", "json", "github", "sarif"];

    /// <summary>The formatter for <paramref name="name"/> (case-insensitive), or null for an unknown format.</summary>
    /// <param name="name">The format's name.</param>
    /// <param name="tool">Name, version and links of the tool.</param>
    /// <param name="rules">The rules SARIF lists (Core's and the engines'); Core's when null.</param>
    public static IDiagnosticFormatter? Create(string name, ToolInfo tool, RuleSet? rules = null) => name.ToLowerInvariant() switch
    {
        "text" => new TextFormatter(),
        "json" => new JsonFormatter(),
        "github" => new GitHubFormatter(),
        "sarif" => new SarifFormatter(tool, rules),
        _ => null,
    };
}
