using Ledger.Linting.Rules;

namespace Ledger.Linting;

/// <summary>The rules that need no database. <c>apply</c> runs them too: their errors make a ledger unsafe to run.</summary>
public static class BuiltInRules
{
    /// <summary>A fresh list of the built-in analyzers.</summary>
    public static IReadOnlyList<ILintRule> Create() =>
        [
            new TransactionControlRule(), new VacuumRule(), new PragmaRule(), new JournalTableWriteRule(), new AttachDatabaseRule(),
            new DestructiveStatementRule(),
            new MissingDownBlockRule(),
        ];
}
