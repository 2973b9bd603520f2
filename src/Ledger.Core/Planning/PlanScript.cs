using System.Text;
using Ledger.Model;

namespace Ledger.Planning;

/// <summary>
/// Prints an <see cref="ExecutionPlan"/> for <c>plan --format sql</c>: its statements in the order <c>apply</c> (or
/// <c>rollback</c>) runs them, each ended by <c>;</c>, with a comment line naming each step before its statements.
/// Nothing is added that does not run, and nothing that runs is left out, except what an engine reads for itself
/// (whether another runner wrote meanwhile) and a step run again to see the violations that were there before it. A
/// step that runs outside a transaction says so in its comment line.
/// </summary>
public static class PlanScript
{
    /// <summary>Writes the script of one database's plan.</summary>
    public static string Render(ExecutionPlan plan)
    {
        var sb = new StringBuilder();
        foreach (PlanStatement statement in plan.Setup) Append(sb, statement.Sql);
        bool up = plan.Plan.Direction == PlanDirection.Up;
        foreach (PlanUnit unit in plan.Units)
        {
            var named = new bool[unit.Steps.Count];
            foreach (PlanStatement statement in unit.Statements)
            {
                if (statement.Step >= 0 && !named[statement.Step])
                {
                    named[statement.Step] = true;
                    ScopedStep step = unit.Steps[statement.Step];
                    MigrationBlock? block = plan.Plan.BlockOf(step);
                    sb.Append(up ? $"-- {step.Scope} {step.Step.From} → {step.Step.To}: {step.Title}" : $"-- {step.Scope} {step.Step.To} → {step.Step.From} (rollback): {step.Title}");
                    sb.Append(block is null ? (up ? " (no block: empty step)\n" : " (no down block: the up block has no SQL)\n")
                        : unit.InTransaction ? $" ({block.Start.Path}:{block.Start.Line})\n"
                        : $" ({block.Start.Path}:{block.Start.Line}; outside a transaction: each statement commits on its own)\n");
                }

                Append(sb, statement.Sql);
            }
        }

        if (plan.Finish is not null) Append(sb, plan.Finish.Sql);
        return sb.ToString();
    }

    private static void Append(StringBuilder sb, string sql)
    {
        string text = sql.TrimEnd();
        sb.Append(text);
        // A statement that is one comment line is what the engine does itself, such as SQLite's session lock (a lock
        // file): printed as the comment it is.
        if (!text.EndsWith(';') && !(text.StartsWith("--", StringComparison.Ordinal) && !text.Contains('\n'))) sb.Append(';');
        sb.Append('\n');
    }
}
