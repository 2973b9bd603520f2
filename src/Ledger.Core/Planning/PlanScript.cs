using System.Text;
using Ledger.Journal;
using Ledger.Model;
using Ledger.Sql;

namespace Ledger.Planning;

/// <summary>
/// The exact SQL <c>apply</c> runs for a plan, one transaction per step (or one for all, per database), for
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
                sb.Append($"-- {step.Scope} {step.Step.From} → {step.Step.To}: {step.Title}");
                sb.Append(step.Block is null ? " (no block: empty step)\n" : $" ({step.Block.Start.Path}:{step.Block.Start.Line})\n");
                foreach (SqlStatement statement in step.Block?.Statements ?? [])
                {
                    string text = statement.Text.TrimEnd();
                    sb.Append(text);
                    if (!text.EndsWith(';')) sb.Append(';');
                    sb.Append('\n');
                }

                sb.Append(dialect.InsertLiteral(new JournalEntry(step.Scope, step.Step.From.Normalized, step.Step.To.Normalized, step.Checksum, step.Title, "", 0, step.Kind)));
                sb.Append('\n');
            }

            sb.Append(dialect.Commit).Append(";\n");
            if (dialect.AfterStep is string after) sb.Append(after).Append(";\n");
        }

        return sb.ToString();
    }
}
