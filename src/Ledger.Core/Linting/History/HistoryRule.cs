using Ledger.Diagnostics;
using Ledger.Documents;

namespace Ledger.Linting.History;

/// <summary>
/// The history check as an analyzer, so that its findings go through the same severities and suppressions as every
/// other rule: <c>ledger lint --base REF</c> reads the ledger at <c>REF</c> and adds this rule.
/// </summary>
/// <param name="baseline">The ledger as it is at the base revision.</param>
/// <param name="baseName">The base revision as the user named it, for messages.</param>
public sealed class HistoryRule(LedgerDocument baseline, string baseName) : ILintRule
{
    /// <inheritdoc />
    public IReadOnlyList<DiagnosticDescriptor> Descriptors { get; } =
    [
        RuleCatalog.ReleasedBlockEdited, RuleCatalog.ReleasedBlockRemoved, RuleCatalog.VersionInsertedInHistory,
        RuleCatalog.BlockAddedToReleasedEdge, RuleCatalog.ReleasedDownBlockChanged,
    ];

    /// <inheritdoc />
    public void Analyze(LintContext context)
    {
        foreach (Diagnostic diagnostic in HistoryComparer.Compare(baseline, context.Document, baseName))
        {
            context.Report(diagnostic);
        }
    }
}
