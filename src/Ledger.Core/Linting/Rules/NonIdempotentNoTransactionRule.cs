using Ledger.Diagnostics;
using Ledger.Model;
using Ledger.Sql;

namespace Ledger.Linting.Rules;

/// <summary>
/// LDG040: a statement of a no-transaction block (<c>-- ledger:no-transaction</c>) that Ledger does not know to be
/// idempotent. Such a block runs outside a transaction: when it is interrupted, the statements before the one that was
/// running stay done, and <c>apply --resume</c> runs the block again from its first statement, so every statement must
/// be able to run twice. Known idempotent: <c>CREATE … IF NOT EXISTS</c>, <c>CREATE OR REPLACE</c>, <c>DROP … IF
/// EXISTS</c>, <c>ALTER … ADD … IF NOT EXISTS</c> and <c>ALTER … DROP … IF EXISTS</c>, <c>ALTER SYSTEM</c>,
/// <c>INSERT OR IGNORE</c>/<c>OR REPLACE</c>, <c>REPLACE INTO</c>, <c>INSERT … ON CONFLICT</c>, <c>DELETE</c>, and
/// maintenance and settings (<c>VACUUM</c>, <c>ANALYZE</c>, <c>REINDEX</c>, <c>CLUSTER</c>, <c>REFRESH</c>,
/// <c>PRAGMA</c>, <c>SET</c>, <c>RESET</c>, <c>CHECKPOINT</c>, <c>COMMENT</c>, <c>GRANT</c>, <c>REVOKE</c>). The words
/// are standard SQL's (and the engines'), so the rule is Core's; a warning, since an engine may make more statements
/// idempotent than these.
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
            foreach (SqlStatement statement in block.Statements)
            {
                if (IsIdempotent(statement.Whole())) continue;
                context.Report(RuleCatalog.NonIdempotentNoTransaction.Create(block.LocationOf(statement),
                    $"'{SqlScript.Abbreviate(statement.Text, 60)}' may not be able to run twice, and this block runs outside a transaction: " +
                    "if it is interrupted, 'ledger apply --resume' runs it again from its first statement; write it so that it can " +
                    "(IF NOT EXISTS, IF EXISTS, OR REPLACE…)"));
            }
        }
    }

    /// <summary>True when the statement (all its words, <see cref="SqlStatement.Whole"/>) is of a form known to be idempotent.</summary>
    public static bool IsIdempotent(SqlStatement statement)
    {
        string[] w = [.. statement.Words.Select(x => x.ToUpperInvariant())];
        switch (w.ElementAtOrDefault(0))
        {
            case "VACUUM" or "ANALYZE" or "ANALYSE" or "REINDEX" or "CLUSTER" or "REFRESH" or "PRAGMA" or "SET" or "RESET" or "CHECKPOINT"
                or "COMMENT" or "GRANT" or "REVOKE" or "DELETE":
                return true;
            case "CREATE":
                return w.ElementAtOrDefault(1) == "OR" && w.ElementAtOrDefault(2) == "REPLACE" || Has(w, 1, "IF", "NOT", "EXISTS");
            case "DROP":
                return Has(w, 1, "IF", "EXISTS");
            case "ALTER":
                return w.ElementAtOrDefault(1) == "SYSTEM" || After(w, "ADD", "IF", "NOT", "EXISTS") || After(w, "DROP", "IF", "EXISTS");
            case "INSERT":
                return w.ElementAtOrDefault(1) == "OR" && w.ElementAtOrDefault(2) is "IGNORE" or "REPLACE" || Has(w, 1, "ON", "CONFLICT");
            case "REPLACE":
                return true;
            default:
                return false;
        }
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
