using Ledger.Cli.Options;
using Ledger.Execution;
using Ledger.Versions;

namespace Ledger.Cli.Commands;

/// <summary>
/// <c>ledger rollback --to V</c>: parse options, run <see cref="MigrationRunner.RollbackAsync"/>, print. The same
/// backups, locking, parallelism, progress, summary and exit codes as <c>apply</c>.
/// </summary>
public sealed class RollbackCommand : ICommand<RollbackVerbOptions>
{
    /// <inheritdoc />
    public Task<int> RunAsync(RollbackVerbOptions options, CommandContext context)
    {
        (string format, TransactionMode mode) = DatabaseRun.Check(options);
        Workspace ws = Workspace.Open(options, context);
        SemVersion to = ws.Version("--to", options.To);
        ApplyOptions run = DatabaseRun.Options(options, mode, ws, context);
        return DatabaseRun.RunAsync(format, ws, context,
            (runner, progress) => runner.RollbackAsync(ws.Set, to, run, progress, context.CancellationToken), downTo: to);
    }
}
