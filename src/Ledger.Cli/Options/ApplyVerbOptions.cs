using CommandLine;

namespace Ledger.Cli.Options;

/// <summary><c>ledger apply</c>: migrate the system database, then every user database.</summary>
[Verb("apply", HelpText = "Apply pending steps: the system database first, then every user database.")]
public sealed class ApplyVerbOptions : CommonOptions
{
    /// <summary>The version to reach.</summary>
    [Option("target", MetaValue = "VERSION", HelpText = "Version to reach (default: the last step that is not planned).")]
    public string? Target { get; set; }

    /// <summary>User databases at once.</summary>
    [Option("parallel", MetaValue = "N", HelpText = "User databases migrated at once (default: processor count).")]
    public int? Parallel { get; set; }

    /// <summary>Stop after the first failed user database.</summary>
    [Option("fail-fast", HelpText = "Stop starting user databases after the first failure.")]
    public bool FailFast { get; set; }

    /// <summary>No backups.</summary>
    [Option("no-backup", HelpText = "Do not back up a database before its first change.")]
    public bool NoBackup { get; set; }

    /// <summary>Where backups go.</summary>
    [Option("backup-dir", MetaValue = "DIR", HelpText = "Folder for backups (default: .ledger-backups beside each database).")]
    public string? BackupDir { get; set; }

    /// <summary>Apply despite drift.</summary>
    [Option("allow-drift", HelpText = "Apply pending steps even where applied steps differ from the ledger.")]
    public bool AllowDrift { get; set; }

    /// <summary>Create missing user databases.</summary>
    [Option("create-missing", HelpText = "Create the database of a user the query returns but whose file does not exist.")]
    public bool CreateMissing { get; set; }

    /// <summary>integrity_check instead of quick_check.</summary>
    [Option("full-check", HelpText = "Run PRAGMA integrity_check (instead of quick_check) after a database's last step.")]
    public bool FullCheck { get; set; }

    /// <summary>Steps per transaction.</summary>
    [Option("transaction", MetaValue = "MODE", Default = "per-step", HelpText = "per-step (default) or per-database: all pending steps of a database in one transaction.")]
    public string Transaction { get; set; } = "per-step";

    /// <summary>Output format.</summary>
    [Option("format", MetaValue = "FORMAT", Default = "text", HelpText = "Result format: text or json.")]
    public string Format { get; set; } = "text";
}
