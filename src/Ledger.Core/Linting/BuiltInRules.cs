using Ledger.Linting.Rules;

namespace Ledger.Linting;

/// <summary>
/// Core's rules: they need no database and know no engine. <c>apply</c> runs them too: their errors make a ledger unsafe
/// to run. An engine's own rules come from its <see cref="IEngineLintRules"/>.
/// </summary>
public static class BuiltInRules
{
    /// <summary>A fresh list of Core's analyzers.</summary>
    /// <param name="journalTables">The journal table's name on each engine in use (LDG038 protects them).</param>
    public static IReadOnlyList<ILintRule> Create(IEnumerable<string> journalTables) =>
        [
            new TransactionControlRule(), new JournalTableWriteRule(journalTables),
            new DestructiveStatementRule(),
            new MissingDownBlockRule(),
            new NonIdempotentNoTransactionRule(),
        ];
}
