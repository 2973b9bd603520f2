using Ledger.Diagnostics;
using Ledger.Linting;
using Ledger.Model;
using Ledger.Sql;

namespace Ledger.Postgres.Linting.Rules;

/// <summary>
/// LDG046: <c>CREATE [UNIQUE] INDEX CONCURRENTLY IF NOT EXISTS name</c> in a no-transaction block without an earlier
/// <c>DROP INDEX [CONCURRENTLY] IF EXISTS name</c> in the same block. A concurrent build that is interrupted (killed,
/// cancelled) or fails (a UNIQUE index meeting duplicate rows) leaves an invalid index of that name, and when
/// <c>apply --resume</c> runs the block again <c>IF NOT EXISTS</c> skips it. The engine refuses to record such a step
/// (<see cref="Engine.PostgresInvalidIndexCheck"/>); dropping first makes the resume rebuild the index instead.
/// </summary>
internal sealed class InvalidIndexOnResumeRule : ILintRule
{
    /// <inheritdoc />
    public IReadOnlyList<DiagnosticDescriptor> Descriptors { get; } = [PostgresRuleCatalog.InvalidIndexSkippedOnResume];

    /// <inheritdoc />
    public void Analyze(LintContext context)
    {
        foreach (MigrationBlock block in context.Blocks())
        {
            if (!block.NoTransaction) continue;
            var dropped = new HashSet<string>(StringComparer.Ordinal);
            foreach (SqlStatement s in context.StatementsOf(block))
            {
                var statement = new PostgresStatement(s);
                dropped.UnionWith(statement.IndexesDroppedIfExist());
                if (statement.NamedIndex() is not { Concurrently: true, IfNotExists: true, Name: string name } || dropped.Contains(name)) continue;
                context.Report(PostgresRuleCatalog.InvalidIndexSkippedOnResume.Create(block.LocationOf(s),
                    $"if this build is interrupted or fails (a UNIQUE index on duplicate rows), PostgreSQL leaves an invalid index {name}, " +
                    "and when 'ledger apply --resume' runs the block again IF NOT EXISTS skips it (Ledger then refuses to record the step); " +
                    $"put 'DROP INDEX CONCURRENTLY IF EXISTS {PostgresStatement.Written(name)};' before it in this block, so that a resume builds the index again"));
            }
        }
    }
}
