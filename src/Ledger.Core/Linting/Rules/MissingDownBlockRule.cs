using Ledger.Diagnostics;
using Ledger.Model;

namespace Ledger.Linting.Rules;

/// <summary>
/// LDG027: an up block with SQL and no down block for the same edge and scope. <c>ledger rollback</c> refuses to go
/// back across such a step, so this is worth knowing (info); <c>lint --require-down</c> makes it an error for teams
/// that want every step to be reversible. An edge whose up block has no SQL needs no down block.
/// </summary>
public sealed class MissingDownBlockRule : ILintRule
{
    /// <inheritdoc />
    public IReadOnlyList<DiagnosticDescriptor> Descriptors { get; } = [RuleCatalog.MissingDownBlock];

    /// <inheritdoc />
    public void Analyze(LintContext context)
    {
        if (context.Set is not MigrationSet set)
        {
            return; // down blocks are matched to their steps only in a structurally sound ledger
        }

        foreach (MigrationStep step in set.Steps)
        {
            foreach ((string scope, MigrationBlock up) in step.Up)
            {
                if (up.HasSql && !step.Down.ContainsKey(scope))
                {
                    context.Report(RuleCatalog.MissingDownBlock.Create(up.Start,
                        $"{scope} step {step} has SQL but no down block, so 'ledger rollback' cannot go back below {step.To}; " +
                        $"add '-- [{scope}:{step.To}→{step.From}:start]' … ':end' with the SQL that undoes it"));
                }
            }
        }
    }
}
