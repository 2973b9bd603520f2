using Ledger.Cli.Options;
using Ledger.Cli.Output;
using Ledger.Execution;

namespace Ledger.Cli.Commands;

/// <summary>What <c>apply</c> and <c>rollback</c> share: reading their common flags, the progress display, printing the result.</summary>
public static class DatabaseRun
{
    /// <summary>Checks the flags that need no configuration (before anything is opened): format, transaction mode, parallelism.</summary>
    public static (string Format, TransactionMode Mode) Check(RunVerbOptions options)
    {
        string format = OutputFormat.Check(options.Format, "text", "json");
        TransactionMode mode = TransactionModeOf(options.Transaction);
        if (options.Parallel is int n && ApplyOptions.ParallelismProblem(n) is string problem) throw new CliException($"--parallel {problem}");
        return (format, mode);
    }

    /// <summary>The mode <c>--transaction</c> names (apply, rollback and plan read it the same way).</summary>
    public static TransactionMode TransactionModeOf(string value) => value.ToLowerInvariant() switch
    {
        "per-step" => TransactionMode.PerStep,
        "per-database" => TransactionMode.PerDatabase,
        _ => throw new CliException($"--transaction: unknown mode '{value}'; use per-step or per-database"),
    };

    /// <summary>The run options the common flags and ledger.json give.</summary>
    public static ApplyOptions Options(RunVerbOptions options, TransactionMode mode, Workspace ws, CommandContext context) => new()
    {
        Parallelism = Parallelism(options.Parallel ?? ws.Config.Parallel, ws, context),
        FailFast = options.FailFast,
        FullCheck = options.FullCheck,
        Backup = !options.NoBackup && ws.Config.Backup.Enabled,
        BackupDirectory = ws.Config.Backup.Dir, // --backup-dir already applied by ConfigLoader
        TransactionMode = mode,
    };

    /// <summary>
    /// The parallelism asked for, lowered (with a note on stderr) to what the process's limit of open files allows for
    /// the engines of the scopes in the run (<see cref="Ledger.Targets.ScopeTargets.OpenDatabaseCapacity"/>: SQLite's files; a
    /// run of PostgreSQL scopes only is not lowered): past it, databases would fail with "unable to open database file"
    /// and the runtime could not start threads.
    /// </summary>
    private static int Parallelism(int requested, Workspace ws, CommandContext context)
    {
        int effective = (new ApplyOptions { Parallelism = requested }).EffectiveParallelism; // 0: one per processor
        if (ws.Targets.OpenDatabaseCapacity() is not int capacity || capacity >= effective)
        {
            return requested;
        }

        context.Error.WriteLine($"ledger: running {capacity} database(s) at a time instead of {effective}: the process's limit of open files " +
                                "(ulimit -n) leaves room for no more; raise the limit to run more at once");
        return capacity;
    }

    /// <summary>Runs with progress on stderr, prints the result on stdout, and returns its exit code.</summary>
    public static async Task<int> RunAsync(string format, Workspace ws, CommandContext context,
        Func<MigrationRunner, IRunObserver, Task<RunResult>> run, Versions.SemVersion? downTo = null)
    {
        string Shown(string path) => Workspace.Shown(path, context.WorkingDirectory);
        var progress = new ProgressDisplay(context.Error, live: context.ErrorIsTerminal, Shown) { DownTo = downTo };
        RunResult result = await run(new MigrationRunner(ws.Targets), progress);
        progress.Complete();
        if (result.PlannedRefusal is string planned)
        {
            throw Workspace.PlannedRefusal(planned);
        }

        if (format == "json") RunReport.WriteJson(context.Out, result, Shown);
        else
        {
            RunReport.WriteText(context.Out, result, Shown);
            foreach (string line in result.PlannedNotes)
            {
                context.Out.WriteLine(line);
            }
        }
        return result.ExitCode;
    }
}
