namespace Ledger.Cli;

/// <summary>The process exit codes of every verb (README.md, "Exit codes").</summary>
public static class ExitCodes
{
    /// <summary>Success, or nothing to do.</summary>
    public const int Ok = 0;

    /// <summary>
    /// Lint errors (or warnings with <c>--strict</c>), a failed step, a rejected user name, or a database (its file, folder
    /// or backup folder) that cannot be read or written: that database fails, the others carry on.
    /// </summary>
    public const int Failed = 1;

    /// <summary>
    /// Bad usage, a bad configuration, or a file Ledger itself reads or writes (the ledger, ledger.json, the files init
    /// writes) that cannot be read or written.
    /// </summary>
    public const int Usage = 2;

    /// <summary>Drift, or a database ahead of the ledger (when nothing failed).</summary>
    public const int Drift = 3;
}
