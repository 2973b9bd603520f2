using Ledger.Cli.Options;

namespace Ledger.Cli.Commands;

/// <summary>One verb: runs with its parsed options and returns an exit code (<see cref="ExitCodes"/>).</summary>
/// <typeparam name="TOptions">The verb's options class.</typeparam>
public interface ICommand<in TOptions> where TOptions : CommonOptions
{
    /// <summary>Runs the verb. Problems the user can fix are thrown as <see cref="CliException"/>.</summary>
    Task<int> RunAsync(TOptions options, CommandContext context);
}
