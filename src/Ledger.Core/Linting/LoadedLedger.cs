using Ledger.Diagnostics;
using Ledger.Documents;
using Ledger.Model;

namespace Ledger.Linting;

/// <summary>A ledger read, validated and checked: the document, the set (when it can be applied) and every finding.</summary>
/// <param name="Document">The ledger as read.</param>
/// <param name="Set">The validated set; null when any finding is an error.</param>
/// <param name="Diagnostics">Every finding, in file order.</param>
public sealed record LoadedLedger(LedgerDocument Document, MigrationSet? Set, IReadOnlyList<Diagnostic> Diagnostics)
{
    /// <summary>Findings hidden by <c>-- ledger:ignore</c> comments (not in <see cref="Diagnostics"/>).</summary>
    public int Suppressed { get; init; }

    /// <summary>Findings of a severity.</summary>
    public int Count(Severity severity) => Diagnostics.Count(d => d.Severity == severity);

    /// <summary>True when any finding is an error: nothing may be applied.</summary>
    public bool HasErrors => Diagnostics.Any(d => d.Severity == Severity.Error);
}
