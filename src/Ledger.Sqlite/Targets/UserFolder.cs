using Ledger.Execution;

namespace Ledger.Sqlite.Targets;

/// <summary>
/// The folder the user databases are in (a path template's fixed folder, or a glob's folder) and where each database
/// really is once every symbolic link is followed. A database is refused when it leads out of the folder (unless
/// <see cref="UserFolderRules.AllowSymlinksOutside"/>), when it is a link to nothing (a missing database is never
/// created through a link, unless allowed likewise), or when it is in a backup folder (a backup is a point-in-time copy,
/// never a database to migrate). The folder itself may be a link: it is compared by its own real path.
/// </summary>
/// <remarks>
/// This is a check on paths, done where the paths are made (the user sources), before the engine is asked to open
/// anything: only the source knows which folder a database must stay in, and a refused user never reaches the engine.
/// </remarks>
public sealed class UserFolder
{
    private readonly UserFolderRules _rules;
    private readonly Lazy<string?> _real;
    private readonly Lazy<string?> _realBackup;

    /// <summary>Creates the check for a folder.</summary>
    /// <param name="folder">The folder, relative to the working directory or absolute.</param>
    /// <param name="rules">What may be in it; null for <see cref="UserFolderRules.Default"/>.</param>
    public UserFolder(string folder, UserFolderRules? rules = null)
    {
        _rules = rules ?? UserFolderRules.Default;
        Folder = Path.GetFullPath(folder);
        _real = new Lazy<string?>(() => RealPaths.Of(Folder));
        _realBackup = new Lazy<string?>(() => _rules.BackupDirectory is string dir ? RealPaths.Of(Path.GetFullPath(dir)) : null);
    }

    /// <summary>The folder, full.</summary>
    public string Folder { get; }

    /// <summary>Why the database at <paramref name="relative"/> (below the folder) must not be used, or null when it may.</summary>
    /// <param name="relative">The database's path below the folder, as made from the template or listed by the glob.</param>
    /// <param name="shown">The database's path for the message.</param>
    public string? Problem(string relative, string shown)
    {
        try
        {
            return _real.Value is string folder && RealPaths.Below(folder, relative, out bool dangling) is string real
                ? Problem(real, dangling, folder, shown)
                : $"{shown} is refused: its symbolic links loop";
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return $"{shown} cannot be checked: {e.Message}";
        }
    }

    private string? Problem(string real, bool dangling, string folder, string shown)
    {
        if (!_rules.AllowSymlinksOutside)
        {
            if (!RealPaths.IsWithin(real, folder))
            {
                return $"{shown} is refused: a symbolic link leads it to {real}, outside {_rules.FolderWords} {folder} " +
                       $"(links out of that folder are not followed unless {_rules.LinkSetting} is set)";
            }

            if (dangling)
            {
                return $"{shown} is refused: it is a symbolic link to {real}, which does not exist, and a database is never created through a link " +
                       $"(unless {_rules.LinkSetting} is set)";
            }
        }

        return BackupFolderOf(real) is string backups
            ? $"{shown} is refused: it leads to {real}, inside the backup folder {backups}; a backup is never migrated as a " + (_rules.Scope == Model.Scopes.User ? "user database" : $"{_rules.Scope} database")
            : null;
    }

    /// <summary>
    /// Why user databases cannot be looked for in <paramref name="folder"/> when backups go to
    /// <paramref name="backupDirectory"/>, or null: the folder is the backup folder or inside it, or is a
    /// <c>.ledger-backups</c> folder, where backups are kept by default.
    /// </summary>
    public static string? BackupOverlap(string folder, string? backupDirectory)
    {
        var users = new UserFolder(Path.GetFullPath(folder), UserFolderRules.Default with { BackupDirectory = backupDirectory });
        try
        {
            return users._real.Value is string real && users.BackupFolderOf(real) is string backups
                ? RealPaths.IsWithin(backups, real) ? $"it is the backup folder {backups}" : $"it is inside the backup folder {backups}"
                : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return $"it cannot be checked: {e.Message}";
        }
    }

    /// <summary>The backup folder that <paramref name="real"/> is in (the configured one or a <c>.ledger-backups</c>), or null.</summary>
    private string? BackupFolderOf(string real)
    {
        if (_realBackup.Value is string backup && RealPaths.IsWithin(real, backup))
        {
            return backup;
        }

        string[] parts = real.Split([Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar]);
        int at = Array.IndexOf(parts, ApplyOptions.DefaultBackupFolderName);
        return at < 0 ? null : string.Join(Path.DirectorySeparatorChar, parts[..(at + 1)]);
    }
}
