using System.Text;
using Ledger.Journal;
using Ledger.Model;
using Ledger.Sql;

namespace Ledger.Planning;

/// <summary>
/// The exact SQL <c>apply</c> (or <c>rollback</c>, for a down plan) runs for a plan, one transaction per step (or one for all, per database), for
/// <c>plan --format sql</c>. Built from the same statements and the same dialect strings the engine executes.
/// </summary>
public static class PlanScript
{
    /// <summary>Writes the script of one plan.</summary>
    /// <param name="plan">The plan (pending steps).</param>
    /// <param name="dialect">The engine's journal SQL.</param>
    /// <param name="perDatabase">All steps in one transaction.</param>
    public static string Render(DatabasePlan plan, IJournalDialect dialect, bool perDatabase = false)
    {
        var sb = new StringBuilder();
        IEnumerable<IReadOnlyList<ScopedStep>> units = perDatabase ? [plan.Pending] : plan.Pending.Select(s => (IReadOnlyList<ScopedStep>)[s]);
        foreach (IReadOnlyList<ScopedStep> unit in units.Where(u => u.Count > 0))
        {
            if (dialect.BeforeStep is string before) sb.Append(before).Append(";\n");
            sb.Append(dialect.BeginStep).Append(";\n");
            sb.Append(dialect.CreateTable).Append(";\n");
            foreach (ScopedStep step in unit)
            {
                bool up = plan.Direction == PlanDirection.Up;
                MigrationBlock? block = plan.BlockOf(step);
                sb.Append(up ? $"-- {step.Scope} {step.Step.From} → {step.Step.To}: {step.Title}" : $"-- {step.Scope} {step.Step.To} → {step.Step.From} (rollback): {step.Title}");
                sb.Append(block is null ? (up ? " (no block: empty step)\n" : " (no down block: the up block has no SQL)\n") : $" ({block.Start.Path}:{block.Start.Line})\n");
                foreach (SqlStatement statement in block?.Statements ?? [])
                {
                    string text = statement.Text.TrimEnd();
                    sb.Append(text);
                    if (!text.EndsWith(';')) sb.Append(';');
                    sb.Append('\n');
                }

                sb.Append(up
                    ? dialect.InsertLiteral(new JournalEntry(step.Scope, step.Step.From.Normalized, step.Step.To.Normalized, step.Checksum, step.Title, "", 0, step.Kind))
                    : dialect.DeleteLiteral(step.Scope, step.Step.From.Normalized, step.Step.To.Normalized));
                sb.Append('\n');
            }

            sb.Append(dialect.Commit).Append(";\n");
            if (dialect.AfterStep is string after) sb.Append(after).Append(";\n");
        }

        return sb.ToString();
    }
}
