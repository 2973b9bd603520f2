using Ledger.Sqlite.Engine;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace Ledger.Sqlite.Tests.Engine;

/// <summary>
/// The ledger tool turns SQLite's memory statistics off at start-up: with them on, every SQLite allocation takes one
/// process-wide mutex, and parallel work on different databases serialises on it.
/// </summary>
[TestClass]
public sealed class SqliteProcessTests
{
    [TestMethod]
    [DoNotParallelize] // reconfigures SQLite for the whole process: no other connection may be open meanwhile
    public void DisablingMemoryStatisticsStopsTheCountAndDatabasesStillWork()
    {
        SqliteConnection.ClearAllPools();
        Assert.IsTrue(SqliteProcess.MemoryStatisticsEnabled, "the bundled SQLite counts memory by default: that is the cost the setting removes");
        try
        {
            Assert.IsTrue(SqliteProcess.DisableMemoryStatistics());

            Assert.IsFalse(SqliteProcess.MemoryStatisticsEnabled);
            using var connection = new SqliteConnection("Data Source=:memory:");
            connection.Open();
            using SqliteCommand command = connection.CreateCommand();
            command.CommandText = "CREATE TABLE t (x); INSERT INTO t VALUES (42); SELECT x FROM t";
            Assert.AreEqual(42L, command.ExecuteScalar());
        }
        finally
        {
            // Leave the test process as it was.
            SqliteConnection.ClearAllPools();
            raw.sqlite3_shutdown();
            raw.sqlite3_config(raw.SQLITE_CONFIG_MEMSTATUS, 1);
            raw.sqlite3_initialize();
        }
    }

    [TestMethod]
    public void RaisingTheHeapTrimThresholdIsAcceptedOnGlibcAndSkippedElsewhere()
    {
        // glibc is the C library that exports gnu_get_libc_version (musl, macOS and Windows do not).
        bool glibc = OperatingSystem.IsLinux() && System.Runtime.InteropServices.NativeLibrary.TryLoad("libc.so.6", out IntPtr libc) &&
                     System.Runtime.InteropServices.NativeLibrary.TryGetExport(libc, "gnu_get_libc_version", out _);

        Assert.AreEqual(glibc, SqliteProcess.KeepFreedHeapMemory(), glibc ? "glibc accepts M_TRIM_THRESHOLD" : "no glibc: nothing to set");
    }
}
