namespace Ledger.Cli;

/// <summary>
/// A problem the user can fix (bad flag, bad config, unreadable file): printed as one line, without a stack trace,
/// and turned into an exit code.
/// </summary>
/// <param name="message">What is wrong, naming the file or flag.</param>
/// <param name="exitCode">The exit code; <see cref="ExitCodes.Usage"/> unless told.</param>
/// <param name="inner">The underlying exception, if any.</param>
public sealed class CliException(string message, int exitCode = ExitCodes.Usage, Exception? inner = null) : Exception(message, inner)
{
    /// <summary>The exit code to end the process with.</summary>
    public int ExitCode { get; } = exitCode;
}
