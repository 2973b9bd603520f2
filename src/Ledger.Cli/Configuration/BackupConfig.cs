namespace Ledger.Cli.Configuration;

/// <summary>Online backups before a database is first changed (docs/apply.md, "Backups").</summary>
public sealed record BackupConfig
{
    /// <summary>Whether to back up.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Where backups go; null means a <c>.ledger-backups/</c> folder beside each database.</summary>
    public string? Dir { get; set; }
}
