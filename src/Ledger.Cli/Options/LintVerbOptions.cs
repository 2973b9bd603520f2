using CommandLine;

namespace Ledger.Cli.Options;

/// <summary><c>ledger lint</c>: check the ledger, for pull requests.</summary>
[Verb("lint", HelpText = "Check the ledger for mistakes; exit 1 on errors (or warnings with --strict).")]
public sealed class LintVerbOptions : CommonOptions
{
    /// <summary>Output format.</summary>
    [Option("format", MetaValue = "FORMAT", Default = "text", HelpText = "Output format: text, json, github or sarif.")]
    public string Format { get; set; } = "text";

    /// <summary>Warnings fail too.</summary>
    [Option("strict", HelpText = "Fail (exit 1) on warnings too.")]
    public bool Strict { get; set; }

    /// <summary>Skip replaying the SQL on an in-memory SQLite database.</summary>
    [Option("no-sql-check", HelpText = "Do not replay the SQL (on an in-memory SQLite database, or on the --dev-database server) (LDG022, LDG023, LDG028).")]
    public bool NoSqlCheck { get; set; }

    /// <summary>A development PostgreSQL server to replay the PostgreSQL scopes on (overrides <c>lint.devDatabase</c>).</summary>
    [Option("dev-database", MetaValue = "CONN", HelpText = "Replay the PostgreSQL scopes' blocks in a scratch database created and dropped on this server (a connection string).")]
    public string? DevDatabase { get; set; }

    /// <summary>A git revision to compare history with (LDG030–LDG034), e.g. <c>origin/main</c>.</summary>
    [Option("base", MetaValue = "REF", HelpText = "Compare with the ledger at this git revision (e.g. origin/main): edited, removed or inserted history is an error.")]
    public string? Base { get; set; }

    /// <summary>A step with SQL and no down block is an error.</summary>
    [Option("require-down", HelpText = "Make a step with SQL and no down block an error (LDG027) instead of an info.")]
    public bool RequireDown { get; set; }

    /// <summary>Only errors and warnings, no summary.</summary>
    [Option("quiet", HelpText = "Print only errors and warnings, and no summary line.")]
    public bool Quiet { get; set; }
}
