using CommandLine;

namespace Ledger.Cli.Options;

/// <summary>
/// Flags that change the SQL a run executes, declared once for the verbs that run it (<c>apply</c>, <c>rollback</c>)
/// and for <c>plan</c>, whose <c>--format sql</c> prints it: the same flag shows in the plan what the run will do.
/// </summary>
public abstract class RunSqlOptions : ScopedOptions
{
    /// <summary>The engine's full integrity check instead of its quick one.</summary>
    [Option("full-check", HelpText = "Run the engine's full integrity check after a database's last step, instead of its quick one (SQLite: PRAGMA integrity_check instead of quick_check; PostgreSQL has no check to run).")]
    public bool FullCheck { get; set; }
}
