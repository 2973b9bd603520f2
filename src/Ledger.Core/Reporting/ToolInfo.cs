namespace Ledger.Reporting;

/// <summary>What a report says about the tool that wrote it (SARIF's <c>tool.driver</c>).</summary>
/// <param name="Name">The tool's name, <c>ledger</c>.</param>
/// <param name="Version">Its SemVer version.</param>
/// <param name="InformationUri">Its home page.</param>
/// <param name="RulesDocumentUri">The page documenting the rules; a rule's help is this plus <c>#ldgNNN</c>.</param>
public sealed record ToolInfo(string Name, string Version, Uri InformationUri, Uri RulesDocumentUri)
{
    /// <summary>The help link of one rule: an anchor of docs/lint-rules.md.</summary>
    public Uri HelpUriOf(string code) => new($"{RulesDocumentUri.GetLeftPart(UriPartial.Query)}#{code.ToLowerInvariant()}");
}
