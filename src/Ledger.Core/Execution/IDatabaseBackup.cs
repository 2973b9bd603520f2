namespace Ledger.Execution;

/// <summary>An engine capability: a copy of a database taken before its first change.</summary>
public interface IDatabaseBackup
{
    /// <summary>
    /// Copies the database with the engine's online backup (correct while others write) into
    /// <paramref name="directory"/>, or the engine's default place when null; the copy is written whole, then moved
    /// into place, so a killed run never leaves a half backup under the final name.
    /// </summary>
    /// <param name="connection">The open database.</param>
    /// <param name="directory">Where backups go, or null for the default.</param>
    /// <param name="version">The database's version, for the backup's name.</param>
    /// <param name="cache">The run's write-access answers: a backup folder found writable is not probed again.</param>
    /// <param name="cancellationToken">Cancels the copy.</param>
    /// <returns>Where the backup is, or null when the database is empty (nothing to back up).</returns>
    Task<string?> BackupAsync(IMigrationConnection connection, string? directory, string version, WriteAccessCache cache, CancellationToken cancellationToken);
}
