using CommandLine;

namespace Ledger.Cli.Options;

/// <summary><c>ledger verify</c>: drift and integrity, read-only.</summary>
[Verb("verify", HelpText = "Check every database for drift and integrity, read-only. Exit 3 on drift, 1 on a damaged or unreadable database.")]
public sealed class VerifyVerbOptions : ScopedOptions
{
    /// <summary>The engine's full integrity check instead of its quick one.</summary>
    [Option("full-check", HelpText = "Run the engine's full integrity check instead of its quick one (SQLite: PRAGMA integrity_check instead of quick_check; PostgreSQL has no check to run).")]
    public bool FullCheck { get; set; }

    /// <summary>Output format.</summary>
    [Option("format", MetaValue = "FORMAT", Default = "text", HelpText = "text or json.")]
    public string Format { get; set; } = "text";
}
