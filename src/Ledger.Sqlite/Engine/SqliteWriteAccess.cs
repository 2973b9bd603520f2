using Ledger.Execution;
using SQLitePCL;

namespace Ledger.Sqlite.Engine;

/// <summary>
/// Whether a SQLite database can be changed: the file must have been opened for writing (SQLite opens a file it may not
/// write read-only, without a word, and fails at the first write with "attempt to write a readonly database"), and its
/// folder must let SQLite create its rollback journal or write-ahead log beside the file. Asked before the first change,
/// as the user running Ledger: for root, permission bits do not stop a write, but an immutable file or folder
/// (<c>chattr +i</c>) or a read-only mount does, and is found the same way.
/// </summary>
internal sealed class SqliteWriteAccess : IWriteAccessCheck
{
    /// <summary>
    /// How a probe file's name starts (<c>.ledger-write-check-&lt;32 hex digits&gt;.tmp</c>): an empty file, removed as soon
    /// as it is made; only a run killed in between leaves one, harmless (not a database: it never ends in <c>.db</c>) and
    /// safe to delete.
    /// </summary>
    internal const string ProbePrefix = ".ledger-write-check-";

    public Task<string?> ProblemAsync(IMigrationConnection connection, WriteAccessCache cache, CancellationToken cancellationToken)
    {
        SqliteMigrationConnection sqlite = SqliteMigrationConnection.Of(connection);
        string file = Path.GetFullPath(sqlite.Target.Location);
        if (raw.sqlite3_db_readonly(sqlite.Connection.Handle, "main") == 1)
        {
            return Task.FromResult<string?>(
                $"cannot write {file}: the file is read-only for this user; nothing was changed " +
                "(make it writable for the user that runs ledger, e.g. chmod u+w, or run ledger as its owner)");
        }

        return Task.FromResult(FolderMessage(file, Path.GetDirectoryName(file)!, cache));
    }

    public Task<string?> CreateProblemAsync(DatabaseTarget target, WriteAccessCache cache, CancellationToken cancellationToken)
    {
        string file = Path.GetFullPath(target.Location);
        // The folder is created with the database when it is missing: then the nearest one that exists must be writable.
        string? folder = Path.GetDirectoryName(file);
        while (folder is not null && !Directory.Exists(folder))
        {
            folder = Path.GetDirectoryName(folder);
        }

        return Task.FromResult(folder is null ? null : FolderMessage(file, folder, cache));
    }

    /// <summary>The words for a database whose folder cannot be written, or null when it can (probed once per run).</summary>
    private static string? FolderMessage(string file, string folder, WriteAccessCache cache) =>
        cache.Problem(folder, FolderProblem) is string reason
            ? $"cannot write in {folder}: {reason}; SQLite creates its rollback journal ({Path.GetFileName(file)}-journal) or write-ahead log " +
              "beside the database while it changes it, so nothing was changed (make the folder writable for the user that runs ledger)"
            : null;

    /// <summary>
    /// Why no file can be created in <paramref name="folder"/>, or null: an empty file is created there and removed at once
    /// (<see cref="ProbePrefix"/>).
    /// </summary>
    internal static string? FolderProblem(string folder)
    {
        string probe = Path.Combine(folder, $"{ProbePrefix}{Guid.NewGuid():N}.tmp");
        try
        {
            using (new FileStream(probe, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1, FileOptions.DeleteOnClose))
            {
            }

            return null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return e is UnauthorizedAccessException ? "the folder is read-only for this user" : e.Message;
        }
    }
}
