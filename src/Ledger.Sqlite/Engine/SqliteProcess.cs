using SQLitePCL;

namespace Ledger.Sqlite.Engine;

/// <summary>
/// Process-wide SQLite settings for a process that Ledger owns (the <c>ledger</c> tool). Not applied by the library on
/// its own: a host application may have SQLite connections open, and SQLite may only be reconfigured when none are.
/// </summary>
public static class SqliteProcess
{
    /// <summary>
    /// Turns off SQLite's memory statistics (<c>SQLITE_CONFIG_MEMSTATUS</c>). With them on (the bundled library's
    /// default), every allocation SQLite makes takes one process-wide mutex to count it, so connections working in
    /// parallel on different databases wait for each other: measured here, opening 1,000 databases and reading a table
    /// of each was slower on two threads than on one, and twice as fast once the statistics were off. Nothing else
    /// changes: durability, locking and results are the same; only <c>sqlite3_memory_used</c> stops counting.
    /// SQLite's own documentation recommends the same setting (<c>SQLITE_DEFAULT_MEMSTATUS=0</c>) for speed.
    /// </summary>
    /// <remarks>Call once at process start, before any SQLite connection is opened.</remarks>
    /// <returns>True when SQLite accepted the setting.</returns>
    public static bool DisableMemoryStatistics()
    {
        Batteries_V2.Init();
        // sqlite3_config is accepted only while SQLite is not initialised: shut down (a no-op when it never started),
        // configure, start again.
        if (raw.sqlite3_shutdown() != raw.SQLITE_OK)
        {
            return false;
        }

        bool configured = raw.sqlite3_config(raw.SQLITE_CONFIG_MEMSTATUS, 0) == raw.SQLITE_OK;
        return raw.sqlite3_initialize() == raw.SQLITE_OK && configured;
    }

    /// <summary>True when SQLite keeps memory statistics (for tests and diagnostics).</summary>
    public static bool MemoryStatisticsEnabled
    {
        get
        {
            // With statistics off, SQLite reports no memory in use.
            Batteries_V2.Init();
            using var connection = new Microsoft.Data.Sqlite.SqliteConnection("Data Source=:memory:");
            connection.Open();
            return raw.sqlite3_memory_used() > 0;
        }
    }
}
