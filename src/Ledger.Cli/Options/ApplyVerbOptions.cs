using CommandLine;

namespace Ledger.Cli.Options;

/// <summary><c>ledger apply</c>: migrate the system database, then every user database.</summary>
[Verb("apply", HelpText = "Apply pending steps: the system database first, then every user database.")]
public sealed class ApplyVerbOptions : RunVerbOptions
{
    /// <summary>The version to reach.</summary>
    [Option("target", MetaValue = "VERSION", HelpText = "Version to reach (default: the last step that is not planned).")]
    public string? Target { get; set; }

    /// <summary>Apply despite drift.</summary>
    [Option("allow-drift", HelpText = "Apply pending steps even where applied steps differ from the ledger.")]
    public bool AllowDrift { get; set; }

    /// <summary>Create missing user databases.</summary>
    [Option("create-missing", HelpText = "Create the database of a user the query returns but whose file does not exist.")]
    public bool CreateMissing { get; set; }
}
