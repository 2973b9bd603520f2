using Microsoft.Data.Sqlite;

namespace Ledger.Sqlite;

/// <summary>
/// What the engine's foreign-key check and lint's SQL replay both ask of a SQLite schema: quoting a name, the user's
/// tables without SQLite's own, a table's primary key, and whether columns are a key a foreign key may reference.
/// </summary>
internal static class SqliteSchema
{
    /// <summary>
    /// SQL condition on <c>name</c> that leaves out SQLite's own objects (<c>sqlite_sequence</c>, <c>sqlite_autoindex_…</c>,
    /// <c>sqlite_stat1</c>): names starting <c>sqlite_</c>, with the <c>_</c> escaped, as LIKE reads a bare <c>_</c> as any
    /// character and would also leave out a user's table named <c>sqliteXdata</c>.
    /// </summary>
    public const string NotInternal = @"name NOT LIKE 'sqlite\_%' ESCAPE '\'";

    /// <summary>An identifier in double quotes, its own quotes doubled.</summary>
    public static string Quote(string identifier) => "\"" + identifier.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    /// <summary>The tables of the main schema, SQLite's own left out, by name.</summary>
    public static List<string> UserTables(SqliteConnection connection)
    {
        using SqliteCommand command = connection.CreateCommand();
        command.CommandText = $"SELECT name FROM main.sqlite_schema WHERE type = 'table' AND {NotInternal} ORDER BY name";
        using SqliteDataReader reader = command.ExecuteReader();
        var tables = new List<string>();
        while (reader.Read()) tables.Add(reader.GetString(0));
        return tables;
    }

    /// <summary>The table's primary key columns in key order, or null when it has none (or does not exist).</summary>
    public static List<string>? PrimaryKey(SqliteConnection connection, string table)
    {
        using SqliteCommand command = connection.CreateCommand();
        command.CommandText = "SELECT name FROM pragma_table_info($t) WHERE pk > 0 ORDER BY pk";
        command.Parameters.AddWithValue("$t", table);
        using SqliteDataReader reader = command.ExecuteReader();
        var columns = new List<string>();
        while (reader.Read()) columns.Add(reader.GetString(0));
        return columns.Count == 0 ? null : columns;
    }

    /// <summary>
    /// True when the columns are the table's primary key or those of a full (not partial) unique index: a key SQLite
    /// accepts as a foreign key's parent. Otherwise SQLite reports a "foreign key mismatch".
    /// </summary>
    public static bool IsUniqueKey(SqliteConnection connection, string table, IEnumerable<string> columns)
    {
        var wanted = new HashSet<string>(columns, StringComparer.OrdinalIgnoreCase);
        if (PrimaryKey(connection, table) is { } pk && wanted.SetEquals(pk)) return true;

        using SqliteCommand command = connection.CreateCommand();
        command.CommandText = "SELECT l.name, i.name FROM pragma_index_list($t) AS l, pragma_index_info(l.name) AS i " +
                              "WHERE l.\"unique\" = 1 AND l.partial = 0 ORDER BY l.name, i.seqno";
        command.Parameters.AddWithValue("$t", table);
        using SqliteDataReader reader = command.ExecuteReader();
        var indexes = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        while (reader.Read())
        {
            if (reader.IsDBNull(1)) continue; // an expression column: never a foreign key's parent
            if (!indexes.TryGetValue(reader.GetString(0), out HashSet<string>? set)) indexes[reader.GetString(0)] = set = new(StringComparer.OrdinalIgnoreCase);
            set.Add(reader.GetString(1));
        }

        return indexes.Values.Any(wanted.SetEquals);
    }
}
