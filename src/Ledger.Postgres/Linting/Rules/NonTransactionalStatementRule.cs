using Ledger.Diagnostics;
using Ledger.Linting;
using Ledger.Model;
using Ledger.Sql;

namespace Ledger.Postgres.Linting.Rules;

/// <summary>
/// LDG041: a statement PostgreSQL refuses inside a transaction block (<c>CREATE INDEX CONCURRENTLY</c>,
/// <c>DROP INDEX CONCURRENTLY</c>, <c>REINDEX … CONCURRENTLY</c>, <c>ALTER TABLE … DETACH PARTITION … CONCURRENTLY</c>,
/// <c>VACUUM</c>, <c>CREATE</c>/<c>DROP DATABASE</c>, <c>CREATE</c>/<c>DROP TABLESPACE</c>, <c>ALTER SYSTEM</c>) in a block
/// without the <c>-- ledger:no-transaction</c> directive: the step's transaction would fail on it.
/// </summary>
internal sealed class NonTransactionalStatementRule : ILintRule
{
    /// <inheritdoc />
    public IReadOnlyList<DiagnosticDescriptor> Descriptors { get; } = [PostgresRuleCatalog.NonTransactionalStatement];

    /// <summary>What makes <paramref name="statement"/> impossible inside a transaction, or null when it is not.</summary>
    public static string? Reason(PostgresStatement statement) => (statement.Keyword(0), statement.Keyword(1)) switch
    {
        ("CREATE", "INDEX" or "UNIQUE") when statement.CreateIndex() is { Concurrently: true } => "CREATE INDEX CONCURRENTLY",
        ("DROP", "INDEX") when statement.Keyword(2) == "CONCURRENTLY" => "DROP INDEX CONCURRENTLY",
        ("REINDEX", _) when statement.Has("CONCURRENTLY") => "REINDEX CONCURRENTLY",
        ("REINDEX", "DATABASE" or "SYSTEM") => $"REINDEX {statement.Keyword(1)}",
        ("ALTER", "TABLE") when statement.Has("DETACH") && statement.Has("PARTITION") && statement.Has("CONCURRENTLY") => "DETACH PARTITION … CONCURRENTLY",
        ("VACUUM", _) => "VACUUM",
        ("CREATE" or "DROP", "DATABASE" or "TABLESPACE") => $"{statement.Keyword(0)} {statement.Keyword(1)}",
        ("ALTER", "SYSTEM") => "ALTER SYSTEM",
        _ => null,
    };

    /// <inheritdoc />
    public void Analyze(LintContext context)
    {
        foreach (MigrationBlock block in context.Blocks())
        {
            if (block.NoTransaction) continue;
            foreach (SqlStatement s in context.StatementsOf(block))
            {
                if (Reason(new PostgresStatement(s)) is string what)
                {
                    context.Report(PostgresRuleCatalog.NonTransactionalStatement.Create(block.LocationOf(s),
                        $"{what} cannot run inside a transaction, and this block runs in one; put it in a block of its own with the line " +
                        $"'{MigrationBlock.NoTransactionDirective}' (its statements then run one by one, outside a transaction, and should be idempotent, e.g. IF NOT EXISTS)"));
                }
            }
        }
    }
}
