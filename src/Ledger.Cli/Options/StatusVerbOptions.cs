using CommandLine;

namespace Ledger.Cli.Options;

/// <summary><c>ledger status</c>: every database's version, pending steps and drift.</summary>
[Verb("status", HelpText = "Every database: current version, pending steps, drift. Changes nothing.")]
public sealed class StatusVerbOptions : ScopedOptions
{
    /// <summary>Output format.</summary>
    [Option("format", MetaValue = "FORMAT", Default = "text", HelpText = "text or json.")]
    public string Format { get; set; } = "text";
}
