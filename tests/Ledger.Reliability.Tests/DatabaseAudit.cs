using Microsoft.Data.Sqlite;

namespace Ledger.Reliability.Tests;

/// <summary>
/// Checks one user database of a <see cref="SlowLedger"/> with plain SQL, inside one read transaction (so journal and
/// schema are read from the same committed state): its journal is a prefix of the ledger's edges with one row per
/// edge, the columns and <c>applied</c> rows of exactly the recorded steps exist, every backfill is complete, and
/// <c>quick_check</c> is ok. Returns the number of steps recorded, or a description of what is wrong.
/// </summary>
public static class DatabaseAudit
{
    public static (int Steps, string? Problem) Check(string path, SlowLedger ledger, bool readOnly = true, bool quickCheck = true)
    {
        if (!File.Exists(path) || new FileInfo(path).Length == 0) return (0, null);
        using SqliteConnection connection = TestDb.Open(path, readOnly);
        using SqliteTransaction read = connection.BeginTransaction(deferred: true);
        bool hasJournal = TestDb.Column(connection, "SELECT name FROM sqlite_master WHERE name = 'ledger_history'").Count == 1;
        List<string> journal = hasJournal
            ? TestDb.Column(connection, "SELECT from_version || '->' || to_version || ' ' || kind FROM ledger_history ORDER BY rowid")
            : [];
        IReadOnlyList<string> edges = ledger.Edges;
        if (journal.Count > edges.Count || !journal.SequenceEqual(edges.Take(journal.Count)))
        {
            return (-1, $"journal is not one row per edge in order: [{string.Join(", ", journal)}]");
        }

        int k = journal.Count;
        List<string> tables = TestDb.Column(connection, "SELECT name FROM sqlite_master WHERE type = 'table' AND name IN ('items', 'applied') ORDER BY name");
        if (k == 0)
        {
            return tables.Count == 0 ? (0, null) : (-1, $"no step recorded, but tables {string.Join(", ", tables)} exist");
        }

        string[] expectedColumns = ["id", "v", .. Enumerable.Range(1, k - 1).Select(s => $"c{s}")];
        List<string> columns = TestDb.Column(connection, "SELECT name FROM pragma_table_info('items') ORDER BY cid");
        if (!columns.SequenceEqual(expectedColumns))
        {
            return (-1, $"{k} step(s) recorded but items has columns [{string.Join(", ", columns)}]");
        }

        string[] expectedApplied = Enumerable.Range(0, k).Select(SlowLedger.Version).ToArray();
        List<string> applied = TestDb.Column(connection, "SELECT version FROM applied ORDER BY rowid");
        if (!applied.SequenceEqual(expectedApplied))
        {
            return (-1, $"{k} step(s) recorded but applied holds [{string.Join(", ", applied)}]");
        }

        string rows = TestDb.Column(connection, "SELECT count(*) FROM items").Single();
        if (rows != ledger.Rows.ToString(System.Globalization.CultureInfo.InvariantCulture))
        {
            return (-1, $"items has {rows} rows instead of {ledger.Rows}");
        }

        if (k > 1)
        {
            string wrong = string.Join(" OR ", Enumerable.Range(1, k - 1).Select(s => $"c{s} IS NOT v * {s}"));
            string bad = TestDb.Column(connection, $"SELECT count(*) FROM items WHERE {wrong}").Single();
            if (bad != "0") return (-1, $"{bad} row(s) with an incomplete backfill");
        }

        if (quickCheck && TestDb.Column(connection, "PRAGMA quick_check") is var check && !check.SequenceEqual(["ok"]))
        {
            return (-1, $"quick_check: {string.Join("; ", check)}");
        }

        return (k, null);
    }

    /// <summary>
    /// Audits a database as a crash left it, without recovering it in place: the file and its hot journal are copied to
    /// <paramref name="scratch"/> and opened there (read-write, so SQLite rolls the hot journal back as the next run
    /// would). The original stays as the crash left it, for the next run to recover.
    /// </summary>
    public static (int Steps, string? Problem) CheckCopy(string path, SlowLedger ledger, string scratch)
    {
        if (!File.Exists(path)) return (0, null);
        Directory.CreateDirectory(scratch);
        string copy = Path.Combine(scratch, Path.GetFileName(path));
        foreach (string suffix in new[] { "", "-journal", "-wal", "-shm" })
        {
            File.Delete(copy + suffix);
            if (File.Exists(path + suffix)) File.Copy(path + suffix, copy + suffix);
        }

        try
        {
            return Check(copy, ledger, readOnly: false);
        }
        finally
        {
            SqliteConnection.ClearAllPools();
        }
    }
}
