using System.Runtime.InteropServices;
using System.Text;
using Ledger.Cli;
using Ledger.Cli.Commands;
using Ledger.Cli.Options;

// This process is Ledger's own: the engines' process-wide settings, before any connection exists (see LintEngines).
LintEngines.ConfigureProcess();
// Parse, dispatch, map to an exit code. Verbs live in Commands/, their flags in Options/.
VerbTable verbs = new VerbTable()
    .Add<LintVerbOptions, LintCommand>()
    .Add<ApplyVerbOptions, ApplyCommand>()
    .Add<PlanVerbOptions, PlanCommand>()
    .Add<StatusVerbOptions, StatusCommand>()
    .Add<VerifyVerbOptions, VerifyCommand>()
    .Add<BaselineVerbOptions, BaselineCommand>()
    .Add<NewVerbOptions, NewCommand>()
    .Add<InitVerbOptions, InitCommand>()
    .Add<RollbackVerbOptions, RollbackCommand>();

// Ctrl+C (SIGINT), SIGTERM (what systemd, Kubernetes and Docker send to stop a process) and SIGHUP (the terminal went
// away) all stop the run the same way: no new database is started, running steps finish or roll back, the summary is
// printed and the exit code is 1. A second signal while stopping is left to its default action (the process ends at
// once; SQLite's transactions keep every database at a version on the line).
using var cancel = new CancellationTokenSource();
void Stop(PosixSignalContext signal)
{
    if (cancel.IsCancellationRequested) return;
    signal.Cancel = true;
    cancel.Cancel();
}

using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);
using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);
using var hangUp = PosixSignalRegistration.Create(PosixSignal.SIGHUP, Stop);

// stdout is buffered and flushed once at the end: reports can be tens of thousands of lines (lint of a large
// ledger), and Console.Out writes each line with its own system call. Progress and errors go to stderr, unbuffered.
var stdout = new StreamWriter(Console.OpenStandardOutput(), new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), 1 << 16);
// .NET sets the console up on the first write (it duplicates stdout's descriptor): done now, an error written while
// every descriptor is held by open databases can still be shown.
stdout.BaseStream.Write([]);
var context = new CommandContext(stdout, Console.Error, Directory.GetCurrentDirectory(), cancel.Token)
{
    ErrorIsTerminal = !Console.IsErrorRedirected,
    OutIsTerminal = !Console.IsOutputRedirected,
};
try
{
    return await verbs.RunAsync(args, context);
}
catch (CliException ex)
{
    await Console.Error.WriteLineAsync($"ledger: {ex.Message}");
    return ex.ExitCode;
}
catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
{
    await Console.Error.WriteLineAsync($"ledger: {ex.Message}");
    return ExitCodes.Usage;
}
catch (OperationCanceledException)
{
    await Console.Error.WriteLineAsync("ledger: cancelled");
    return ExitCodes.Failed;
}
catch (Exception ex)
{
    // A bug in Ledger, not in the user's input: say so plainly, with what a maintainer needs.
    await Console.Error.WriteLineAsync($"ledger: internal error (please report it): {ex}");
    return ExitCodes.Failed;
}
finally
{
    try
    {
        // Synchronously: an asynchronous flush may need a new thread-pool thread, which a process out of file
        // descriptors cannot start.
        stdout.Dispose();
    }
    catch (IOException)
    {
        // stdout was closed by the reader (e.g. `ledger lint | head`): nothing more can be shown.
    }
}
