using Ledger.Cli.Options;
using Ledger.Cli.Output;
using Ledger.Execution;

namespace Ledger.Cli.Commands;

/// <summary><c>ledger apply</c>: parse options, run <see cref="MigrationRunner"/>, print. Exit codes of spec §4.</summary>
public sealed class ApplyCommand : ICommand<ApplyVerbOptions>
{
    /// <inheritdoc />
    public async Task<int> RunAsync(ApplyVerbOptions options, CommandContext context)
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
        var apply = new ApplyOptions
        {
            Target = ws.Target(options.Target),
            Parallelism = options.Parallel ?? ws.Config.Parallel,
            FailFast = options.FailFast,
            AllowDrift = options.AllowDrift,
            CreateMissing = options.CreateMissing || ws.Config.Users.CreateMissing,
            FullCheck = options.FullCheck,
            Backup = !options.NoBackup && ws.Config.Backup.Enabled,
            BackupDirectory = options.BackupDir is null ? ws.Config.Backup.Dir : Path.GetFullPath(options.BackupDir, context.WorkingDirectory),
            TransactionMode = mode,
        };

        string Shown(string path) => Workspace.Shown(path, context.WorkingDirectory);
        var progress = new ProgressDisplay(context.Error, live: context.ErrorIsTerminal, Shown);
        RunResult result = await new MigrationRunner(ws.Engine).ApplyAsync(ws.Set, ws.System, ws.Users, apply, progress, context.CancellationToken);
        progress.Complete();

        if (format == "json") RunReport.WriteJson(context.Out, result, Shown);
        else RunReport.WriteText(context.Out, result, Shown);
        return result.ExitCode;
    }
}
