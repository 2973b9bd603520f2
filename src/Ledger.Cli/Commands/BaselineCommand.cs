using Ledger.Cli.Options;
using Ledger.Cli.Output;
using Ledger.Execution;
using Ledger.Versions;

namespace Ledger.Cli.Commands;

/// <summary><c>ledger baseline --version V [--scope NAME]…</c>: stamp databases created before Ledger, running nothing.</summary>
public sealed class BaselineCommand : ICommand<BaselineVerbOptions>
{
    /// <inheritdoc />
    public async Task<int> RunAsync(BaselineVerbOptions options, CommandContext context)
    {
        Workspace ws = Workspace.Open(options, context);
        SemVersion version = ws.Version("--version", options.Version);
        RunResult result = await new BaselineStamper(ws.Targets).StampAllAsync(ws.Set, version, context.CancellationToken);
        string Shown(string path) => Workspace.Shown(path, context.WorkingDirectory);
        foreach (DatabaseResult r in result.All)
        {
            context.Out.WriteLine(RunReport.Line(r, Shown));
        }

        context.Out.WriteLine($"baseline {version}: {result.Count(DatabaseOutcome.Stamped)} stamped, " +
                              $"{result.Count(DatabaseOutcome.Failed)} refused, {result.Count(DatabaseOutcome.Skipped)} skipped");
        if (result.Interrupted)
        {
            context.Out.WriteLine("interrupted: databases not started yet were left as they were");
        }

        return result.ExitCode; // 1 when a database was refused or the run was interrupted (a baseline ends no other way)
    }
}
