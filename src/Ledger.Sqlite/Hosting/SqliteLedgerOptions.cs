using Ledger.Execution;

namespace Ledger.Sqlite.Hosting;

/// <summary>
/// Where an application's SQLite databases are and how <see cref="SqliteLedger"/> migrates them. Plain data; the same
/// settings as <c>ledger.json</c>. Relative paths are relative to the process's current directory: pass absolute
/// paths (e.g. under <see cref="AppContext.BaseDirectory"/> or the app's data folder).
/// </summary>
public sealed record SqliteLedgerOptions
{
    /// <summary>The system database file, or null when the app has none (user databases only).</summary>
    public string? SystemDatabase { get; init; }

    /// <summary>
    /// Path template of a user database with <c>{user}</c> once, e.g. <c>/var/app/users/{user}.db</c>. Needed by
    /// <see cref="SqliteLedger.EnsureUserAsync"/> and with <see cref="UsersQuery"/>.
    /// </summary>
    public string? UserDatabasePath { get; init; }

    /// <summary>
    /// SQL run on the system database that returns one column of user names: <see cref="SqliteLedger.MigrateAsync"/>
    /// then migrates every listed user's database too. Leave null to migrate user databases only on demand.
    /// </summary>
    public string? UsersQuery { get; init; }

    /// <summary>A glob such as <c>/var/app/users/*.db</c>: <see cref="SqliteLedger.MigrateAsync"/> migrates every match (instead of <see cref="UsersQuery"/>).</summary>
    public string? UsersGlob { get; init; }

    /// <summary>With <see cref="UsersQuery"/>: create the database of a listed user that has none.</summary>
    public bool CreateMissingUsers { get; init; }

    /// <summary>
    /// Follow a symbolic link at a user database's path that leads out of the users' folder (the folder of
    /// <see cref="UserDatabasePath"/> or <see cref="UsersGlob"/>), and create a missing database through a link that
    /// leads nowhere. Off by default: such a user fails, and nothing outside the folder is opened or created.
    /// </summary>
    public bool AllowSymlinksOutside { get; init; }

    /// <summary>The version to reach; null for the ledger's default target (the last step that is not planned).</summary>
    public string? Target { get; init; }

    /// <summary>
    /// Pass planned steps (blocks holding only comments) on the way to <see cref="Target"/>, recording them as empty, as
    /// <c>ledger apply --include-planned</c> does; without it such a target is refused and nothing is changed.
    /// </summary>
    public bool IncludePlanned { get; init; }

    /// <summary>Back up an existing database before its first change (SQLite's online backup). On by default, as in the CLI.</summary>
    public bool Backup { get; init; } = true;

    /// <summary>Where backups go; null for a <c>.ledger-backups</c> folder beside each database.</summary>
    public string? BackupDirectory { get; init; }

    /// <summary>User databases migrated at once by <see cref="SqliteLedger.MigrateAsync"/>; 0 means the processor count.</summary>
    public int Parallelism { get; init; }

    /// <summary>How long a step waits for another writer's lock (another process migrating the same database).</summary>
    public TimeSpan BusyTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Steps per transaction.</summary>
    public TransactionMode TransactionMode { get; init; } = TransactionMode.PerStep;
}
