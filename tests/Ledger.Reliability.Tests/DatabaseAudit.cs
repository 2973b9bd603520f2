using Microsoft.Data.Sqlite;

namespace Ledger.Reliability.Tests;

/// <summary>
/// Checks one user database of a <see cref="SlowLedger"/> with plain SQL, inside one read transaction (so journal and
/// schema are read from the same committed state): its journal is a prefix of the ledger's edges with one row per
/// edge, the columns and <c>applied</c> rows of exactly the recorded steps exist, every backfill is complete, and
/// <c>quick_check</c> is ok. Returns the number of steps recorded, or a description of what is wrong. The same holds
/// on the way down: <c>rollback</c> deletes journal rows from the end, and the down blocks drop exactly the columns and
/// <c>applied</c> rows of the steps they undo. Whether a database moved the way a run may move it is for the caller to
/// judge (<see cref="KillCampaign"/>).
/// </summary>
public static class DatabaseAudit
{
    public static (int Steps, string? Problem) Check(string path, SlowLedger ledger, bool readOnly = true, bool quickCheck = true)
    {
        if (!File.Exists(path) || new FileInfo(path).Length == 0) return (0, null);
        using SqliteConnection connection = TestDb.Open(path, readOnly);
        using SqliteTransaction read = connection.BeginTransaction(deferred: true);
        List<string> journal = Journal(connection);
        if (!IsPrefix(journal, ledger.Edges)) return (-1, $"journal is not one row per edge in order: [{string.Join(", ", journal)}]");

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
    /// Checks the system database of a <see cref="SlowLedger"/> (without <see cref="SlowLedger.SystemExtra"/>): its journal
    /// is a prefix of the system edges, and the users table exists, with every user, exactly when the first step is recorded.
    /// Returns the number of steps recorded, or a description of what is wrong.
    /// </summary>
    public static (int Steps, string? Problem) CheckSystem(string path, SlowLedger ledger)
    {
        if (!File.Exists(path) || new FileInfo(path).Length == 0) return (0, null);
        using SqliteConnection connection = TestDb.Open(path);
        using SqliteTransaction read = connection.BeginTransaction(deferred: true);
        List<string> journal = Journal(connection);
        if (!IsPrefix(journal, ledger.SystemEdges)) return (-1, $"system journal is not one row per edge in order: [{string.Join(", ", journal)}]");

        bool hasUsers = TestDb.Column(connection, "SELECT count(*) FROM sqlite_master WHERE name = 'users'").Single() == "1";
        if (hasUsers != journal.Count > 0)
        {
            return (-1, $"{journal.Count} system step(s) recorded, but the users table {(hasUsers ? "exists" : "is missing")}");
        }

        if (hasUsers && TestDb.Column(connection, "SELECT count(*) FROM users").Single() != ledger.Users.ToString(System.Globalization.CultureInfo.InvariantCulture))
        {
            return (-1, "the users table does not hold every user");
        }

        return (journal.Count, null);
    }

    /// <summary>The journal's rows in the order they were written ("from->to kind"), none when there is no journal table.</summary>
    private static List<string> Journal(SqliteConnection connection) =>
        TestDb.Column(connection, "SELECT count(*) FROM sqlite_master WHERE name = 'ledger_history'").Single() == "1"
            ? TestDb.Column(connection, "SELECT from_version || '->' || to_version || ' ' || kind FROM ledger_history ORDER BY rowid")
            : [];

    /// <summary>
    /// True when the journal is the first edges of the line, one row each, in order. Going down deletes rows from the end
    /// and going up again appends them, so this holds in both directions.
    /// </summary>
    private static bool IsPrefix(List<string> journal, IReadOnlyList<string> edges) =>
        journal.Count <= edges.Count && journal.SequenceEqual(edges.Take(journal.Count));

    /// <summary>
    /// Audits a database as a crash left it, without recovering it in place: <see cref="TestDb.RecoveredCopy"/> (the file
    /// and its hot journal copied to <paramref name="scratch"/> and rolled back there, as the next run would), then
    /// <paramref name="check"/> (by default <see cref="Check"/>) on the copy. The original stays as the crash left it, for
    /// the next run to recover.
    /// </summary>
    public static (int Steps, string? Problem) CheckCopy(string path, SlowLedger ledger, string scratch,
        Func<string, SlowLedger, (int Steps, string? Problem)>? check = null) =>
        File.Exists(path) ? (check ?? ((copy, l) => Check(copy, l)))(TestDb.RecoveredCopy(path, scratch), ledger) : (0, null);
}
