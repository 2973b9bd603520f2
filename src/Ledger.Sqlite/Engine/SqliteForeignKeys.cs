using Ledger.Execution;
using Microsoft.Data.Sqlite;

namespace Ledger.Sqlite.Engine;

/// <summary>
/// <c>PRAGMA foreign_key_check</c>. One check of the whole database first (the common, clean case costs one
/// statement); when SQLite answers "foreign key mismatch" (a reference to a column that is not unique), which stops
/// the whole check, each table is checked on its own so the mismatch is reported and the other tables still checked.
/// </summary>
internal static class SqliteForeignKeys
{
    public static ForeignKeyReport Check(SqliteConnection connection)
    {
        try
        {
            return new ForeignKeyReport(Violations(connection, "PRAGMA foreign_key_check"), []);
        }
        catch (SqliteException e) when (IsMismatch(e))
        {
            var violations = new List<ForeignKeyViolation>();
            var mismatches = new List<string>();
            foreach (string table in Tables(connection))
            {
                try
                {
                    violations.AddRange(Violations(connection, $"PRAGMA foreign_key_check(\"{table.Replace("\"", "\"\"", StringComparison.Ordinal)}\")"));
                }
                catch (SqliteException m) when (IsMismatch(m))
                {
                    mismatches.Add(Unwrap(m.Message));
                }
            }

            return new ForeignKeyReport(violations, mismatches);
        }
    }

    private static bool IsMismatch(SqliteException e) => e.Message.Contains("foreign key mismatch", StringComparison.Ordinal);

    /// <summary>"SQLite Error 1: 'foreign key mismatch - …'." → "foreign key mismatch - …".</summary>
    private static string Unwrap(string message)
    {
        int start = message.IndexOf('\'');
        int end = message.LastIndexOf('\'');
        return start >= 0 && end > start ? message[(start + 1)..end] : message;
    }

    private static List<ForeignKeyViolation> Violations(SqliteConnection connection, string sql)
    {
        using SqliteCommand command = connection.CreateCommand();
        command.CommandText = sql;
        using SqliteDataReader reader = command.ExecuteReader();
        var list = new List<ForeignKeyViolation>();
        while (reader.Read())
        {
            list.Add(new ForeignKeyViolation(reader.GetString(0), reader.IsDBNull(1) ? null : reader.GetInt64(1), reader.GetString(2), reader.GetInt64(3)));
        }

        return list;
    }

    private static List<string> Tables(SqliteConnection connection)
    {
        using SqliteCommand command = connection.CreateCommand();
        command.CommandText = "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name";
        using SqliteDataReader reader = command.ExecuteReader();
        var tables = new List<string>();
        while (reader.Read()) tables.Add(reader.GetString(0));
        return tables;
    }
}
