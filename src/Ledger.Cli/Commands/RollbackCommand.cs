using Ledger.Cli.Options;
using Ledger.Cli.Output;
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
    public async Task<int> RunAsync(RollbackVerbOptions options, CommandContext context)
    {
        string format = options.Format.ToLowerInvariant();
        if (format is not ("text" or "json")) throw new CliException($"unknown format '{options.Format}'; use text or json");
        TransactionMode mode = options.Transaction.ToLowerInvariant() switch
        {
            "per-step" => TransactionMode.PerStep,
            "per-database" => TransactionMode.PerDatabase,
            _ => throw new CliException($"--transaction: unknown mode '{options.Transaction}'; use per-step or per-database"),
        };
        if (options.Parallel is < 1) throw new CliException("--parallel must be at least 1");

        Workspace ws = Workspace.Open(options, context);
        SemVersion to = ws.Version("--to", options.To);
        var run = new ApplyOptions
        {
            Parallelism = options.Parallel ?? ws.Config.Parallel,
            FailFast = options.FailFast,
            FullCheck = options.FullCheck,
            Backup = !options.NoBackup && ws.Config.Backup.Enabled,
            BackupDirectory = options.BackupDir is null ? ws.Config.Backup.Dir : Path.GetFullPath(options.BackupDir, context.WorkingDirectory),
            TransactionMode = mode,
        };

        string Shown(string path) => Workspace.Shown(path, context.WorkingDirectory);
        var progress = new ProgressDisplay(context.Error, live: context.ErrorIsTerminal, Shown);
        RunResult result = await new MigrationRunner(ws.Engine).RollbackAsync(ws.Set, ws.System, ws.Users, to, run, progress, context.CancellationToken);
        progress.Complete();

        if (format == "json") RunReport.WriteJson(context.Out, result, Shown);
        else RunReport.WriteText(context.Out, result, Shown);
        return result.ExitCode;
    }
}
