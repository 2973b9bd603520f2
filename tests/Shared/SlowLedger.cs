using System.Text;

namespace Ledger.Testing;

/// <summary>
/// A ledger whose user steps take measurable time and cannot be applied twice: each adds a column (a second ALTER TABLE
/// … ADD COLUMN fails), backfills it over every row, and appends its version to <c>applied</c> (a second run would
/// leave two rows). Step k of the user scope reaches version <c>1.k.0</c>; <c>1.0.0</c> creates the tables. Every step
/// has a down block that undoes it exactly, for <c>ledger rollback</c>: <c>ALTER TABLE … DROP COLUMN</c> (SQLite rewrites
/// every row for it) and the deletion of the step's <c>applied</c> row; below <c>1.0.0</c>, the tables are dropped. The
/// system scope's first step (the users table) has a down block too, unless <see cref="SystemExtra"/> is set. Shared by
/// the suites that kill or race the tool (linked into each).
/// </summary>
public sealed class SlowLedger
{
    public SlowLedger(int users, int userSteps = 21, int rows = 3000)
    {
        Users = users;
        UserSteps = userSteps;
        Rows = rows;
    }

    public int Users { get; }

    /// <summary>User edges: baseline→1.0.0, then 1.0.0→1.1.0 … 1.(n-2).0→1.(n-1).0.</summary>
    public int UserSteps { get; }

    public int Rows { get; }

    /// <summary>Extra SQL for the system block (a slow system step).</summary>
    public string? SystemExtra { get; init; }

    public string Target => Version(UserSteps - 1);

    public static string Version(int k) => $"1.{k}.0";

    public static string UserName(int i) => $"u{i:D4}";

    /// <summary>The user edges, as the journal shows them ("baseline->1.0.0 applied").</summary>
    public IReadOnlyList<string> Edges =>
        Enumerable.Range(0, UserSteps).Select(k => $"{From(k)}->{Version(k)} applied").ToList();

    /// <summary>The system edges as the journal shows them: the first creates the users table, the others have no system block.</summary>
    public IReadOnlyList<string> SystemEdges =>
        Enumerable.Range(0, UserSteps).Select(k => $"{From(k)}->{Version(k)} {(k == 0 ? "applied" : "empty")}").ToList();

    /// <summary>The version the database is at with <paramref name="steps"/> edges recorded: <c>baseline</c> for none.</summary>
    public static string AtSteps(int steps) => steps == 0 ? "baseline" : Version(steps - 1);

    private static string From(int k) => AtSteps(k);

    public string Text()
    {
        var sb = new StringBuilder("# Reliability ledger\n\n### Migration: baseline → 1.0.0\n\n```sql\n-- [system:baseline→1.0.0:start]\n");
        sb.Append("CREATE TABLE users (username TEXT PRIMARY KEY);\n");
        sb.Append($"WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < {Users}) INSERT INTO users SELECT printf('u%04d', i) FROM n;\n");
        if (SystemExtra is not null) sb.Append(SystemExtra).Append('\n');
        sb.Append("-- [system:baseline→1.0.0:end]\n```\n");
        if (SystemExtra is null) sb.Append("\n```sql\n-- [system:1.0.0→baseline:start]\nDROP TABLE users;\n-- [system:1.0.0→baseline:end]\n```\n");
        sb.Append("\n```sql\n-- [user:baseline→1.0.0:start]\n");
        sb.Append("CREATE TABLE items (id INTEGER PRIMARY KEY, v INTEGER NOT NULL);\n");
        sb.Append("CREATE TABLE applied (version TEXT NOT NULL);\n");
        sb.Append($"WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < {Rows}) INSERT INTO items (v) SELECT i FROM n;\n");
        sb.Append("INSERT INTO applied VALUES ('1.0.0');\n");
        sb.Append("-- [user:baseline→1.0.0:end]\n```\n");
        sb.Append("\n```sql\n-- [user:1.0.0→baseline:start]\nDROP TABLE applied;\nDROP TABLE items;\n-- [user:1.0.0→baseline:end]\n```\n");
        for (int k = 1; k < UserSteps; k++)
        {
            sb.Append($"\n### Migration: {Version(k - 1)} → {Version(k)}\n\n```sql\n-- [user:{Version(k - 1)}→{Version(k)}:start]\n");
            sb.Append($"ALTER TABLE items ADD COLUMN c{k} INTEGER;\n");
            sb.Append($"UPDATE items SET c{k} = v * {k};\n");
            sb.Append($"INSERT INTO applied VALUES ('{Version(k)}');\n");
            sb.Append($"-- [user:{Version(k - 1)}→{Version(k)}:end]\n```\n");
            sb.Append($"\n```sql\n-- [user:{Version(k)}→{Version(k - 1)}:start]\n");
            sb.Append($"ALTER TABLE items DROP COLUMN c{k};\n");
            sb.Append($"DELETE FROM applied WHERE version = '{Version(k)}';\n");
            sb.Append($"-- [user:{Version(k)}→{Version(k - 1)}:end]\n```\n");
        }

        return sb.ToString();
    }
}
