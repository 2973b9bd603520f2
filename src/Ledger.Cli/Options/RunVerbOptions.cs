using CommandLine;

namespace Ledger.Cli.Options;

/// <summary>The flags of the verbs that change databases (<c>apply</c>, <c>rollback</c>): how the fan-out runs and prints.</summary>
public abstract class RunVerbOptions : RunSqlOptions
{
    /// <summary>Members of a set worked on at once.</summary>
    [Option("parallel", MetaValue = "N", HelpText = "Members of a set (user databases…) worked on at once (0 or absent: one per processor). On PostgreSQL, a connection each, plus one that reads history tables ahead: at most N + 1.")]
    public int? Parallel { get; set; }

    /// <summary>Stop after the first failed database.</summary>
    [Option("fail-fast", HelpText = "Stop starting a set's members (and later scopes) after the first failure.")]
    public bool FailFast { get; set; }

    /// <summary>No backups.</summary>
    [Option("no-backup", HelpText = "Do not back up a database before its first change.")]
    public bool NoBackup { get; set; }

    /// <summary>Where backups go.</summary>
    [Option("backup-dir", MetaValue = "DIR", HelpText = "Folder for backups (default: .ledger-backups beside each database).")]
    public string? BackupDir { get; set; }

    /// <summary>Steps per transaction.</summary>
    [Option("transaction", MetaValue = "MODE", Default = "per-step", HelpText = "per-step (default) or per-database: all steps of a database in one transaction.")]
    public string Transaction { get; set; } = "per-step";

    /// <summary>Output format.</summary>
    [Option("format", MetaValue = "FORMAT", Default = "text", HelpText = "Result format: text or json.")]
    public string Format { get; set; } = "text";
}
