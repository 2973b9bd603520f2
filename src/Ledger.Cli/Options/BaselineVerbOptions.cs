using CommandLine;

namespace Ledger.Cli.Options;

/// <summary><c>ledger baseline</c>: stamp databases created before Ledger.</summary>
[Verb("baseline", HelpText = "Record that existing databases (created before Ledger) are at VERSION, running nothing.")]
public sealed class BaselineVerbOptions : ScopedOptions
{
    /// <summary>The version the databases already have.</summary>
    [Option("version", Required = true, MetaValue = "VERSION", HelpText = "The version whose schema the databases already have.")]
    public string Version { get; set; } = "";
}
