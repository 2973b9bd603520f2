using Ledger.Execution;
using Microsoft.Data.Sqlite;

namespace Ledger.Sqlite.Engine;

/// <summary>
/// <c>PRAGMA foreign_key_check</c>. One check of the whole database first (the common, clean case costs one
/// statement); when SQLite answers "foreign key mismatch" (a reference to a column that is not unique), which stops
/// the whole check, each table is checked on its own so the mismatch is reported and the other tables still checked.
/// SQLite refuses a mismatched table as a whole, so that table's other, sound keys (tatlock's
/// <c>conversation_topics → topics</c>) are then checked with a query of their own.
/// </summary>
internal static class SqliteForeignKeys
{
    /// <summary>The check of the whole database, the statement a plan prints.</summary>
    internal const string Statement = "PRAGMA foreign_key_check";

    /// <param name="command">A command of the connection to check, free to run the checks' statements.</param>
    public static ForeignKeyReport Check(SqliteCommand command)
    {
        SqliteConnection connection = command.Connection!;
        try
        {
            return new ForeignKeyReport(Violations(command, Statement), []);
        }
        catch (SqliteException e) when (IsMismatch(e))
        {
            var violations = new List<ForeignKeyViolation>();
            var mismatches = new List<string>();
            foreach (string table in SqliteSchema.UserTables(connection))
            {
                try
                {
                    violations.AddRange(Violations(command, $"PRAGMA foreign_key_check({SqliteSchema.Quote(table)})"));
                }
                catch (SqliteException m) when (IsMismatch(m))
                {
                    mismatches.Add(SqliteMessage.Of(m));
                    violations.AddRange(SoundKeyViolations(connection, table));
                }
            }

            return new ForeignKeyReport(violations, mismatches);
        }
    }

    private static bool IsMismatch(SqliteException e) => e.Message.Contains("foreign key mismatch", StringComparison.Ordinal);

    private static List<ForeignKeyViolation> Violations(SqliteCommand command, string sql)
    {
        command.Parameters.Clear();
        command.CommandText = sql;
        using SqliteDataReader reader = command.ExecuteReader();
        var list = new List<ForeignKeyViolation>();
        while (reader.Read())
        {
            list.Add(new ForeignKeyViolation(reader.GetString(0), reader.IsDBNull(1) ? null : reader.GetInt64(1), reader.GetString(2), reader.GetInt64(3)));
        }

        return list;
    }

    /// <summary>
    /// What <c>foreign_key_check</c> would report for the keys of <paramref name="table"/> whose parent columns are
    /// unique: child rows whose key columns are all non-NULL and match no parent row (MATCH SIMPLE, as SQLite does).
    /// Mismatched keys are skipped; they are the schema defect already reported.
    /// </summary>
    private static List<ForeignKeyViolation> SoundKeyViolations(SqliteConnection connection, string table)
    {
        var keys = new List<(long Id, string Parent, List<(string From, string? To)> Columns)>();
        using (SqliteCommand command = connection.CreateCommand())
        {
            command.CommandText = "SELECT id, \"table\", \"from\", \"to\" FROM pragma_foreign_key_list($t) ORDER BY id, seq";
            command.Parameters.AddWithValue("$t", table);
            using SqliteDataReader reader = command.ExecuteReader();
            while (reader.Read())
            {
                long id = reader.GetInt64(0);
                if (keys.Count == 0 || keys[^1].Id != id) keys.Add((id, reader.GetString(1), []));
                keys[^1].Columns.Add((reader.GetString(2), reader.IsDBNull(3) ? null : reader.GetString(3)));
            }
        }

        var violations = new List<ForeignKeyViolation>();
        bool withoutRowId = Scalar(connection, "SELECT wr FROM pragma_table_list WHERE schema = 'main' AND name = $t", table) is long wr && wr != 0;
        foreach ((long id, string parent, List<(string From, string? To)> columns) in keys)
        {
            List<string>? parentColumns = columns.All(c => c.To is not null)
                ? columns.Select(c => c.To!).ToList()
                : columns.All(c => c.To is null) ? SqliteSchema.PrimaryKey(connection, parent) : null;
            if (parentColumns is null || parentColumns.Count != columns.Count || !SqliteSchema.IsUniqueKey(connection, parent, parentColumns))
            {
                continue;
            }

            string match = string.Join(" AND ", columns.Select((c, i) => $"p.{SqliteSchema.Quote(parentColumns[i])} = c.{SqliteSchema.Quote(c.From)}"));
            string notNull = string.Join(" AND ", columns.Select(c => $"c.{SqliteSchema.Quote(c.From)} IS NOT NULL"));
            using SqliteCommand check = connection.CreateCommand();
            check.CommandText = $"SELECT {(withoutRowId ? "NULL" : "c.rowid")} FROM {SqliteSchema.Quote(table)} AS c " +
                                $"WHERE {notNull} AND NOT EXISTS (SELECT 1 FROM {SqliteSchema.Quote(parent)} AS p WHERE {match})";
            using SqliteDataReader reader = check.ExecuteReader();
            while (reader.Read())
            {
                violations.Add(new ForeignKeyViolation(table, reader.IsDBNull(0) ? null : reader.GetInt64(0), parent, id));
            }
        }

        return violations;
    }

    private static object? Scalar(SqliteConnection connection, string sql, string table)
    {
        using SqliteCommand command = connection.CreateCommand();
        command.CommandText = sql;
        command.Parameters.AddWithValue("$t", table);
        return command.ExecuteScalar();
    }
}
