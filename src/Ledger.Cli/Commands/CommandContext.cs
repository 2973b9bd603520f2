namespace Ledger.Cli.Commands;

/// <summary>What a command may use of the outside world: where to print, where it runs, and when to stop.</summary>
/// <param name="Out">Findings and results (stdout).</param>
/// <param name="Error">Messages and summaries (stderr).</param>
/// <param name="WorkingDirectory">Where relative paths start.</param>
/// <param name="CancellationToken">Set by Ctrl+C.</param>
public sealed record CommandContext(TextWriter Out, TextWriter Error, string WorkingDirectory, CancellationToken CancellationToken)
{
    /// <summary>True when stderr is a terminal: progress is redrawn in place rather than printed as lines.</summary>
    public bool ErrorIsTerminal { get; init; }

    /// <summary>True when stdout is a terminal: tables are drawn (bold header, box-character rule) rather than plain text.</summary>
    public bool OutIsTerminal { get; init; }
}
