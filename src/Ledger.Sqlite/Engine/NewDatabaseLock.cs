namespace Ledger.Sqlite.Engine;

/// <summary>
/// Whether a connection holds its database from a step's transaction until it closes (SQLite's exclusive locking
/// mode): when the file was empty when the connection opened it (a new tenant), the connection has committed a
/// step, and no other connection has committed anything since the migrator first asked for its journal, right after
/// opening it (<c>PRAGMA data_version</c> is what it was then; the connection's own commits do not change it). Nobody
/// else has used such a database, and its steps are quick (no rows to rewrite), so others wait for it briefly (their
/// busy timeout) and then see it complete. In exclusive mode SQLite keeps the rollback journal between commits (its
/// header zeroed and synced) instead of deleting it and creating it again with a sync of its folder at every commit:
/// the same syncs of the data plus one of the header, fewer changes to the file system, about a tenth of the time of
/// a 5-step new tenant on the benchmark's disk (docs/performance.md). <c>journal_mode</c> stays what it is; the
/// journal is deleted when the connection closes (a process killed before leaves it with a zeroed header: not hot,
/// ignored, reused by the next writer). The mode is set inside the transaction, once <c>BEGIN IMMEDIATE</c> holds the
/// write lock: a connection in exclusive mode keeps even a read lock while it waits, and two such connections waiting
/// on each other would fail instead of waiting; holding the write lock, this one never waits again. A single commit
/// (one step, <c>--transaction per-database</c>) is never held: it would only add the header's sync. This is the
/// engine's own business, not a statement of the plan.
/// </summary>
internal sealed class NewDatabaseLock(SqliteMigrationConnection owner)
{
    // PRAGMA data_version when the journal of a file that was empty at open was first asked for (null for any other
    // file, and until then), whether the connection has committed a step, and whether it holds the database now.
    private long? _versionAtOpen;
    private bool _committed;
    private bool _held;

    /// <summary>The journal of a file that was empty at open is asked for: note who has written so far.</summary>
    internal void Opened() => _versionAtOpen ??= owner.DataVersion();

    /// <summary>A step's transaction holds the write lock: hold the database from now on if it should be.</summary>
    internal void AfterBegin()
    {
        if (_versionAtOpen is long atOpen && _committed && !_held && owner.DataVersion() == atOpen)
        {
            owner.Command("PRAGMA locking_mode = EXCLUSIVE").ExecuteNonQuery();
            _held = true;
        }
    }

    /// <summary>A step of the connection committed.</summary>
    internal void Committed() => _committed = true;
}
