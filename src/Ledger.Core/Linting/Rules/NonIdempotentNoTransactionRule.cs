using Ledger.Diagnostics;
using Ledger.Model;
using Ledger.Sql;

namespace Ledger.Linting.Rules;

/// <summary>
/// LDG040: a statement of a no-transaction block (<c>-- ledger:no-transaction</c>) that may not be able to run twice.
/// Such a block runs outside a transaction: when it is interrupted, the statements before the one that was running stay
/// done, and <c>apply --resume</c> runs the block again from its first statement. Reported: <c>CREATE</c> without
/// <c>IF NOT EXISTS</c> or <c>OR REPLACE</c>, <c>DROP</c> without <c>IF EXISTS</c>, <c>ALTER</c> (other than <c>ALTER
/// SYSTEM</c>, <c>ADD … IF NOT EXISTS</c> and <c>DROP … IF EXISTS</c>), <c>INSERT</c> (other than <c>INSERT OR
/// IGNORE</c>/<c>OR REPLACE</c> and <c>ON CONFLICT</c>), <c>UPDATE</c> and <c>RENAME</c>. Maintenance and settings
/// statements, which a no-transaction block is for, run twice to the same end and are not reported. The words are
/// standard SQL's, so the rule is Core's; a warning, since a statement may be idempotent in ways words do not show.
/// </summary>
public sealed class NonIdempotentNoTransactionRule : ILintRule
{
    /// <inheritdoc />
    public IReadOnlyList<DiagnosticDescriptor> Descriptors { get; } = [RuleCatalog.NonIdempotentNoTransaction];

    /// <inheritdoc />
    public void Analyze(LintContext context)
    {
        foreach (MigrationBlock block in context.Document.Blocks)
        {
            if (!block.NoTransaction) continue;
            foreach (SqlStatement statement in context.StatementsOf(block))
            {
                if (IsIdempotent(statement.Whole())) continue;
                context.Report(RuleCatalog.NonIdempotentNoTransaction.Create(block.LocationOf(statement),
                    $"'{SqlScript.Abbreviate(statement.Text, 60)}' may not be able to run twice, and this block runs outside a transaction: " +
                    "if it is interrupted, 'ledger apply --resume' runs it again from its first statement; write it so that it can " +
                    "(IF NOT EXISTS, IF EXISTS, OR REPLACE…)"));
            }
        }
    }

    /// <summary>True when the statement (all its words, <see cref="SqlStatement.Whole"/>) may not be able to run twice.</summary>
    public static bool IsIdempotent(SqlStatement statement)
    {
        string[] w = [.. statement.Words.Select(x => x.ToUpperInvariant())];
        return w.ElementAtOrDefault(0) switch
        {
            "CREATE" => w.ElementAtOrDefault(1) == "OR" && w.ElementAtOrDefault(2) == "REPLACE" || Has(w, 1, "IF", "NOT", "EXISTS"),
            "DROP" => Has(w, 1, "IF", "EXISTS"),
            "ALTER" => w.ElementAtOrDefault(1) == "SYSTEM" || After(w, "ADD", "IF", "NOT", "EXISTS") || After(w, "DROP", "IF", "EXISTS"),
            "INSERT" => w.ElementAtOrDefault(1) == "OR" && w.ElementAtOrDefault(2) is "IGNORE" or "REPLACE" || Has(w, 1, "ON", "CONFLICT"),
            "UPDATE" or "RENAME" => false,
            _ => true,
        };
    }

    // The words in sequence somewhere from index `from` on.
    private static bool Has(string[] words, int from, params string[] sequence)
    {
        for (int i = from; i + sequence.Length <= words.Length; i++)
        {
            if (words.AsSpan(i, sequence.Length).SequenceEqual(sequence)) return true;
        }

        return false;
    }

    // `first`, then the sequence somewhere after it.
    private static bool After(string[] words, string first, params string[] sequence) =>
        Array.IndexOf(words, first) is int at and >= 0 && Has(words, at + 1, sequence);
}
