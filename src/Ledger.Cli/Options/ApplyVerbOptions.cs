using CommandLine;

namespace Ledger.Cli.Options;

/// <summary><c>ledger apply</c>: migrate every scope in declared order (legacy: the system database, then every user database).</summary>
[Verb("apply", HelpText = "Apply pending steps to every scope in its declared order, each set's members after the scopes before it (legacy: system first, then the users).")]
public sealed class ApplyVerbOptions : RunVerbOptions
{
    /// <summary>The version to reach.</summary>
    [Option("target", MetaValue = "VERSION", HelpText = "Version to reach (default: the last step that is not planned).")]
    public string? Target { get; set; }

    /// <summary>Pass planned steps on the way to <see cref="Target"/>, recording them as empty.</summary>
    [Option("include-planned", HelpText = "Let --target pass planned steps (blocks holding only comments): they are recorded as empty in each database that passes them, and SQL written into them later would be drift.")]
    public bool IncludePlanned { get; set; }

    /// <summary>Apply despite drift.</summary>
    [Option("allow-drift", HelpText = "Apply pending steps even where applied steps differ from the ledger.")]
    public bool AllowDrift { get; set; }

    /// <summary>Run an interrupted no-transaction block again.</summary>
    [Option("resume", HelpText = "For a database left incomplete by a no-transaction block (its row in the history table is 'started'): run that block again from its first statement, then carry on.")]
    public bool Resume { get; set; }

    /// <summary>Create the missing databases of a set's members.</summary>
    [Option("create-missing", HelpText = "Create the database of a set's member that its query names but that does not exist (for every set).")]
    public bool CreateMissing { get; set; }
}
