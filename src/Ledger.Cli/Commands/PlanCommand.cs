using Ledger.Cli.Options;
using Ledger.Cli.Output;
using Ledger.Execution;
using Ledger.Inspection;
using Ledger.Planning;

namespace Ledger.Cli.Commands;

/// <summary><c>ledger plan</c>: what apply would do, per database; <c>--format sql</c> prints the exact SQL. Changes nothing; exit 1 when a database cannot be read.</summary>
public sealed class PlanCommand : ICommand<PlanVerbOptions>
{
    /// <inheritdoc />
    public async Task<int> RunAsync(PlanVerbOptions options, CommandContext context)
    {
        string format = OutputFormat.Check(options.Format, "text", "json", "sql");
        if (options.RollbackTo is not null && options.Target is not null) throw new CliException("give --target or --rollback-to, not both");
        TransactionMode mode = DatabaseRun.TransactionModeOf(options.Transaction);
        Workspace ws = Workspace.Open(options, context);
        var inspector = new LedgerInspector(ws.Targets);
        bool rollback = options.RollbackTo is not null;
        InspectionResult result = rollback
            ? await inspector.InspectRollbackAsync(ws.Set, ws.Version("--rollback-to", options.RollbackTo!), context.CancellationToken)
            : await inspector.InspectAsync(ws.Set, ws.Target(options.Target), integrity: null, options.IncludePlanned, context.CancellationToken);
        if (result.PlannedRefusal is string refusal)
        {
            throw Workspace.PlannedRefusal(refusal);
        }

        string Shown(string path) => Workspace.Shown(path, context.WorkingDirectory);

        switch (format)
        {
            case "json":
                InspectionReport.WriteJson(context.Out, result, Shown, result.ReadExitCode);
                break;
            case "sql":
                // Databases at the same version of the same scope run the same SQL: print it once for all of them.
                // Printed in the order the run takes them (a rollback: scopes in reverse).
                foreach (var group in InspectionReport.InRunOrder(result, rollback)
                             .Where(i => i.Plan is { Status: PlanStatus.Pending })
                             .GroupBy(i => (i.Target.Scope, i.Plan!.Current, i.JournalTableExists, i.JournalNeedsUpgrade)))
                {
                    string names = string.Join(", ", group.Take(10).Select(i => i.Target.IsSingle ? Shown(i.Target.Display) : i.Target.Name));
                    if (group.Count() > 10) names += $" and {group.Count() - 10} more";
                    context.Out.WriteLine($"-- {group.Key.Scope} database(s) at {group.Key.Current}: {names}");
                    context.Out.Write(inspector.Script(group.First(), mode, options.FullCheck));
                    context.Out.WriteLine();
                }

                if (result.UsersNote is not null) context.Out.WriteLine($"-- note: {result.UsersNote}");
                break;
            default:
                InspectionReport.WritePlan(context.Out, result, Shown, rollback ? ws.Version("--rollback-to", options.RollbackTo!) : null);
                break;
        }

        if (result.PlannedListing is string planned && format == "text")
        {
            context.Out.WriteLine(planned);
        }

        return result.ReadExitCode;
    }
}
