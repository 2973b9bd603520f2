using System.Runtime.InteropServices;
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

    /// <summary>
    /// Keeps memory that SQLite frees in the C heap for its next connection instead of handing it back to the kernel at
    /// once (glibc's <c>M_TRIM_THRESHOLD</c>, raised from 128 KiB to <paramref name="bytes"/>). Every database Ledger
    /// opens allocates its page cache and lookaside memory (over 128 KiB) and frees them on close; on the thread-pool
    /// threads that run databases, glibc trimmed the heap after nearly every database (one <c>madvise</c> per
    /// database, which also interrupts the other cores to flush their TLBs) and the next database faulted the same pages
    /// back in: measured on 1,000 tenants, 972 <c>madvise</c> calls and 10,500 page faults, against 168 and 7,300 with
    /// the threshold raised. Setting it also stops glibc adapting its mmap threshold (it stays at 128 KiB); the number
    /// of <c>mmap</c>/<c>munmap</c> calls was the same before and after (877/501 and 877/502 for those 1,000 tenants).
    /// What the process keeps is bounded by the threshold per heap arena; nothing about SQLite's
    /// behaviour, durability or results changes. Only glibc has the setting: elsewhere (Windows, macOS, musl) this
    /// does nothing and returns false.
    /// </summary>
    /// <remarks>Call once at process start. Process-wide: for a process that Ledger owns, not for a host application.</remarks>
    /// <param name="bytes">Free memory at the top of a heap arena that glibc keeps before trimming.</param>
    /// <returns>True when the C library accepted the setting.</returns>
    public static bool KeepFreedHeapMemory(int bytes = 32 << 20)
    {
        if (!OperatingSystem.IsLinux())
        {
            return false;
        }

        try
        {
            return GlibcMallopt(TrimThreshold, bytes) == 1; // mallopt returns 1 on success, 0 on error
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            return false; // not glibc (musl has no such setting)
        }
    }

    private const int TrimThreshold = -1; // M_TRIM_THRESHOLD in glibc's malloc.h

    [DllImport("libc.so.6", EntryPoint = "mallopt", ExactSpelling = true)]
    private static extern int GlibcMallopt(int parameter, int value);

    /// <summary>
    /// How many databases this process can have open at once within what is left of its limit of open files
    /// (<c>ulimit -n</c>, the soft <c>RLIMIT_NOFILE</c>): each database may hold its file, its rollback journal (or
    /// <c>-wal</c> and <c>-shm</c>) and a backup or temporary file, and the runtime needs a few descriptors of its own
    /// to start a thread. Past the limit SQLite cannot open a file, and the runtime cannot start a thread (it ends the
    /// process). At least 1; null when the limit is not known (not Linux) or is unlimited.
    /// </summary>
    /// <remarks>
    /// Call when the process has opened what it needs before the databases. The engine offers it as its
    /// <see cref="Execution.IOpenDatabaseLimit"/> capability (<see cref="SqliteOpenFiles"/>).
    /// </remarks>
    public static int? OpenDatabaseCapacity()
    {
        if (!OperatingSystem.IsLinux())
        {
            return null;
        }

        try
        {
            if (GetResourceLimit(OpenFilesLimit, out ResourceLimit limit) != 0 || limit.Current > int.MaxValue)
            {
                return null;
            }

            long free = (long)limit.Current - Directory.GetFiles("/proc/self/fd").Length - ReservedDescriptors;
            return (int)Math.Max(1, free / DescriptorsPerDatabase);
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException or IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    private const int OpenFilesLimit = 7; // RLIMIT_NOFILE on Linux
    private const int DescriptorsPerDatabase = 4;
    private const int ReservedDescriptors = 16; // threads the runtime starts, the console, the ledger and its configuration

    private struct ResourceLimit
    {
        public nuint Current;
        public nuint Maximum;
    }

    [DllImport("libc", EntryPoint = "getrlimit", ExactSpelling = true)]
    private static extern int GetResourceLimit(int resource, out ResourceLimit limit);

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
