using Ledger.Diagnostics;
using Ledger.Linting;
using Ledger.Model;
using Ledger.Sql;

namespace Ledger.Sqlite.Linting.Rules;

/// <summary>LDG017: VACUUM cannot run inside a transaction, so it cannot be part of a step.</summary>
internal sealed class VacuumRule : ILintRule
{
    /// <inheritdoc />
    public IReadOnlyList<DiagnosticDescriptor> Descriptors { get; } = [SqliteRuleCatalog.Vacuum];

    /// <inheritdoc />
    public void Analyze(LintContext context)
    {
        foreach (MigrationBlock block in context.Document.Blocks)
        {
            foreach (SqlStatement statement in block.Statements.Where(s => s.Keyword(0) == "VACUUM"))
            {
                context.Report(SqliteRuleCatalog.Vacuum.Create(block.LocationOf(statement),
                    "VACUUM cannot run inside a transaction and each step is one; run it outside Ledger (e.g. in a maintenance job)"));
            }
        }
    }
}
