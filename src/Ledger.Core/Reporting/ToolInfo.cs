namespace Ledger.Reporting;

/// <summary>What a report says about the tool that wrote it (SARIF's <c>tool.driver</c>).</summary>
/// <param name="Name">The tool's name, <c>ledger</c>.</param>
/// <param name="Version">Its SemVer version.</param>
/// <param name="InformationUri">Its home page, when the build knows it (null: not written).</param>
/// <param name="RulesDocumentUri">The page documenting the rules, when known; a rule's help is this plus <c>#ldgNNN</c>.</param>
public sealed record ToolInfo(string Name, string Version, Uri? InformationUri, Uri? RulesDocumentUri)
{
    /// <summary>The help link of one rule (an anchor of docs/lint-rules.md), or null when the rules page is not known.</summary>
    public Uri? HelpUriOf(string code) =>
        RulesDocumentUri is null ? null : new Uri($"{RulesDocumentUri.GetLeftPart(UriPartial.Query)}#{code.ToLowerInvariant()}");
}
