using CommandLine;

namespace Ledger.Cli.Options;

/// <summary><c>ledger rollback --to V</c>: run down blocks back to V, scopes in reverse declared order (legacy: users first, then system).</summary>
[Verb("rollback", HelpText = "Run down blocks back to VERSION: the scopes in reverse declared order (legacy: every user database first, then the system database). Refuses before changing anything when a step in range has SQL and no down block.")]
public sealed class RollbackVerbOptions : RunVerbOptions
{
    /// <summary>The version to go back to.</summary>
    [Option("to", Required = true, MetaValue = "VERSION", HelpText = "The version to go back to (on the ledger's version line; 'baseline' for an empty schema).")]
    public string To { get; set; } = "";
}
