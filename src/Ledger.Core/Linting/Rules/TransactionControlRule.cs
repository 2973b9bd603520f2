using Ledger.Diagnostics;
using Ledger.Model;
using Ledger.Sql;

namespace Ledger.Linting.Rules;

/// <summary>
/// LDG016: BEGIN, START TRANSACTION, COMMIT, END, ROLLBACK, ABORT, SAVEPOINT, RELEASE or PREPARE TRANSACTION inside a
/// block (<see cref="SqlStatement.ControlsTransaction"/>). Each step runs in a transaction Ledger opens; a block's own
/// transaction control would commit half a step or fail it. One list serves every engine, so the rule is Core's.
/// </summary>
public sealed class TransactionControlRule : ILintRule
{
    /// <inheritdoc />
    public IReadOnlyList<DiagnosticDescriptor> Descriptors { get; } = [RuleCatalog.TransactionControl];

    /// <inheritdoc />
    public void Analyze(LintContext context)
    {
        foreach (MigrationBlock block in context.Document.Blocks)
        {
            foreach (SqlStatement statement in context.StatementsOf(block))
            {
                if (statement.ControlsTransaction)
                {
                    context.Report(RuleCatalog.TransactionControl.Create(block.LocationOf(statement),
                        $"'{SqlScript.Abbreviate(statement.Text, 40)}' controls the transaction, but Ledger runs each step in its own transaction; remove it"));
                }
            }
        }
    }
}
