using Ledger.Cli.Options;
using Ledger.Cli.Output;
using Ledger.Inspection;

namespace Ledger.Cli.Commands;

/// <summary><c>ledger status</c>: a table of every database's version, pending steps and drift. Changes nothing; exit 1 when a database cannot be read, else 0.</summary>
public sealed class StatusCommand : ICommand<StatusVerbOptions>
{
    /// <inheritdoc />
    public async Task<int> RunAsync(StatusVerbOptions options, CommandContext context)
    {
        string format = OutputFormat.Check(options.Format, "text", "json");
        Workspace ws = Workspace.Open(options, context);
        InspectionResult result = await new LedgerInspector(ws.Targets).InspectAsync(ws.Set, null, integrity: null, context.CancellationToken);
        string Shown(string path) => Workspace.Shown(path, context.WorkingDirectory);
        if (format == "json") InspectionReport.WriteJson(context.Out, result, Shown, result.ReadExitCode);
        else
        {
            InspectionReport.WriteStatusTable(context.Out, result, Shown, context.OutIsTerminal);
            foreach (string line in result.PlannedNotes)
            {
                context.Out.WriteLine(line);
            }
        }

        return result.ReadExitCode;
    }
}
