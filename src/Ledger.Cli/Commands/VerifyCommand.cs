using Ledger.Cli.Options;
using Ledger.Cli.Output;
using Ledger.Inspection;

namespace Ledger.Cli.Commands;

/// <summary><c>ledger verify</c>: drift and integrity of every database, read-only. Exit 3 on drift or ahead, 1 on a damaged or unreadable database.</summary>
public sealed class VerifyCommand : ICommand<VerifyVerbOptions>
{
    /// <inheritdoc />
    public async Task<int> RunAsync(VerifyVerbOptions options, CommandContext context)
    {
        string format = OutputFormat.Check(options.Format, "text", "json");
        Workspace ws = Workspace.Open(options, context);
        InspectionResult result = await new LedgerInspector(ws.Targets).InspectAsync(ws.Set, null, integrity: options.FullCheck, context.CancellationToken);
        string Shown(string path) => Workspace.Shown(path, context.WorkingDirectory);
        if (format == "json") InspectionReport.WriteJson(context.Out, result, Shown, result.VerifyExitCode);
        else InspectionReport.WriteVerify(context.Out, result, Shown);
        return result.VerifyExitCode;
    }
}
