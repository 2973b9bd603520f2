using CommandLine;

namespace Ledger.Cli.Options;

/// <summary><c>ledger verify</c>: drift and integrity, read-only.</summary>
[Verb("verify", HelpText = "Check every database for drift and integrity, read-only. Exit 3 on drift, 1 on a damaged or unreadable database.")]
public sealed class VerifyVerbOptions : ScopedOptions
{
    /// <summary>integrity_check instead of quick_check.</summary>
    [Option("full-check", HelpText = "Run PRAGMA integrity_check instead of quick_check.")]
    public bool FullCheck { get; set; }

    /// <summary>Output format.</summary>
    [Option("format", MetaValue = "FORMAT", Default = "text", HelpText = "text or json.")]
    public string Format { get; set; } = "text";
}
