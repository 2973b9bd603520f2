using System.Globalization;
using Ledger.Execution;
using Microsoft.Data.Sqlite;

namespace Ledger.Sqlite.Engine;

/// <summary>
/// The backup before a database's first change: SQLite's online backup API copies a consistent snapshot page by page,
/// also while others write and in WAL mode, where a file copy would miss what is still in the -wal file.
/// </summary>
internal sealed class SqliteBackup : IDatabaseBackup
{
    public Task<string?> BackupAsync(IMigrationConnection connection, string? directory, string version, WriteAccessCache cache, CancellationToken cancellationToken)
    {
        SqliteMigrationConnection sqlite = SqliteMigrationConnection.Of(connection);
        if (sqlite.Scalar("PRAGMA page_count") is 0L)
        {
            return Task.FromResult<string?>(null); // an empty file: nothing to keep
        }

        DatabaseTarget target = sqlite.Target;
        string full = Path.GetFullPath(target.Location);
        string folder = directory ?? Path.Combine(Path.GetDirectoryName(full)!, ApplyOptions.DefaultBackupFolderName);
        try
        {
            Directory.CreateDirectory(folder);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw Unwritable(folder, directory, e);
        }

        if (cache.Problem(folder, SqliteWriteAccess.FolderProblem) is string problem)
        {
            throw Unwritable(folder, directory, new IOException(problem));
        }

        string label = target.Scope == Model.Scopes.System ? Path.GetFileNameWithoutExtension(full) : target.Name;
        string stamp = DateTime.UtcNow.ToString("yyyyMMdd'T'HHmmssfff'Z'", CultureInfo.InvariantCulture);
        string file = Path.Combine(folder, $"{label}.{version}.{stamp}.db");
        // Unique per call: runners at the same time may back up the same database at the same version within the same
        // millisecond, and must not write into one another's copy (the second one failed with "database is locked").
        string partial = $"{file}.{Guid.NewGuid():N}.partial";
        try
        {
            using (var destination = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = partial, Pooling = false }.ToString()))
            {
                destination.Open();
                sqlite.Connection.BackupDatabase(destination);
            }

            File.Move(partial, file, overwrite: true);
        }
        catch
        {
            // A backup that failed (a full disk, a folder that cannot be written) leaves nothing behind: only a killed
            // run, which cannot clean up, leaves a .partial file.
            RemoveQuietly(partial);
            RemoveQuietly(partial + "-journal");
            throw;
        }

        return Task.FromResult<string?>(file);
    }

    /// <summary>A backup folder that cannot be written, said as that, with the ways out; nothing was changed yet.</summary>
    private static IOException Unwritable(string folder, string? directory, Exception e) =>
        new($"cannot write the backup into {folder}: " +
            (e is UnauthorizedAccessException ? "the folder is read-only for this user" : e.Message) +
            "; nothing was changed (" + (directory is null ? "backups go beside the database by default; " : "") +
            "choose a writable folder with --backup-dir or backup.dir in ledger.json, make this one writable, or skip the backup with --no-backup)", e);

    private static void RemoveQuietly(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // The backup's own error is the one to report.
        }
    }
}
