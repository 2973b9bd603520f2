using Ledger.Cli.Options;
using Ledger.Execution;

namespace Ledger.Cli.Commands;

/// <summary><c>ledger apply</c>: parse options, run <see cref="MigrationRunner"/>, print. Exit codes as README.md lists them.</summary>
public sealed class ApplyCommand : ICommand<ApplyVerbOptions>
{
    /// <inheritdoc />
    public Task<int> RunAsync(ApplyVerbOptions options, CommandContext context)
    {
        (string format, TransactionMode mode) = DatabaseRun.Check(options);
        Workspace ws = Workspace.Open(options, context);
        ApplyOptions apply = DatabaseRun.Options(options, mode, ws, context) with
        {
            Target = ws.Target(options.Target),
            IncludePlanned = options.IncludePlanned,
            AllowDrift = options.AllowDrift,
            Resume = options.Resume,
        };
        return DatabaseRun.RunAsync(format, ws, context,
            (runner, progress) => runner.ApplyAsync(ws.Set, apply, progress, context.CancellationToken));
    }
}
