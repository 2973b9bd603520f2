using CommandLine;

namespace Ledger.Cli.Options;

/// <summary><c>ledger new</c>: append a section for the next version.</summary>
[Verb("new", HelpText = "Append a section with correctly tagged empty blocks for the next version to the ledger.")]
public sealed class NewVerbOptions : CommonOptions
{
    /// <summary>The new version.</summary>
    [Option("to", Required = true, MetaValue = "VERSION", HelpText = "The new version; must be above the ledger's last version.")]
    public string To { get; set; } = "";

    /// <summary>The description.</summary>
    [Option("title", MetaValue = "TEXT", HelpText = "What the step does (its **Description** line).")]
    public string? Title { get; set; }
}
