using System.Reflection;
using Ledger.Reporting;

namespace Ledger.Cli;

/// <summary>Who the tool is: its name, version and links, for reports and <c>--version</c>.</summary>
public static class LedgerTool
{
    /// <summary>The project's home. One place to change when the repository moves.</summary>
    public static readonly Uri? RepositoryUri =
        typeof(LedgerTool).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .FirstOrDefault(a => a.Key == "RepositoryUrl" && !string.IsNullOrEmpty(a.Value)) is { Value: { } url } &&
        Uri.TryCreate(url, UriKind.Absolute, out Uri? uri) ? uri : null;

    /// <summary>The rule documentation; each rule has an anchor such as <c>#ldg003</c>.</summary>
    public static readonly Uri? RulesDocumentUri =
        RepositoryUri is null ? null : new Uri(RepositoryUri, RepositoryUri.AbsolutePath.TrimEnd('/') + "/blob/main/docs/lint-rules.md");

    /// <summary>The tool's SemVer version (the assembly's informational version).</summary>
    public static string Version { get; } =
        typeof(LedgerTool).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0.0.0";

    /// <summary>The tool as reports describe it.</summary>
    public static ToolInfo Info { get; } = new("ledger", Version, RepositoryUri, RulesDocumentUri);
}
