using System.Collections.Concurrent;
using System.Text;
using Microsoft.Data.Sqlite;

namespace Ledger.Sqlite.Linting.Replay;

/// <summary>One object of the schema as <c>sqlite_master</c> lists it.</summary>
/// <param name="Type"><c>table</c>, <c>index</c>, <c>trigger</c> or <c>view</c>.</param>
/// <param name="Name">Its name.</param>
/// <param name="Table">The table it belongs to (<c>tbl_name</c>; a table's or view's own name).</param>
/// <param name="Sql">Its SQL, or "" for an index SQLite made for a constraint.</param>
internal sealed record SchemaObject(string Type, string Name, string Table, string Sql)
{
    /// <summary>True for a <c>CREATE VIRTUAL TABLE</c>.</summary>
    public bool IsVirtualTable => Type == "table" && Sql.StartsWith("CREATE VIRTUAL", StringComparison.OrdinalIgnoreCase);
}

/// <summary>
/// The schema of a replay database at one moment, as <c>sqlite_master</c> lists it (without SQLite's own objects).
/// Reading it is one query; what a table's columns, keys and indexes are is derived from the SQL when a diff needs it
/// (<see cref="Shape"/>), only for the tables a step changed.
/// </summary>
internal sealed class SchemaSnapshot
{
    private readonly Dictionary<string, SchemaObject> _tables = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, TableShape?> _shapes = new(StringComparer.OrdinalIgnoreCase);
    private readonly List<string> _virtualTables;
    private ILookup<string, SchemaObject>? _byTable;

    private SchemaSnapshot(IReadOnlyDictionary<string, SchemaObject> objects)
    {
        Objects = objects;
        foreach (SchemaObject o in objects.Values.Where(o => o.Type == "table")) _tables[o.Name] = o;
        _virtualTables = [.. _tables.Values.Where(t => t.IsVirtualTable).Select(t => t.Name)];
    }

    /// <summary>Every object, keyed by "type name" with the name as SQLite stores it.</summary>
    public IReadOnlyDictionary<string, SchemaObject> Objects { get; }

    /// <summary>Reads the schema of <paramref name="connection"/>'s main database.</summary>
    public static SchemaSnapshot Read(SqliteConnection connection)
    {
        using SqliteCommand command = connection.CreateCommand();
        command.CommandText = $"SELECT type, name, tbl_name, sql FROM sqlite_master WHERE {SqliteSchema.NotInternal}";
        var objects = new SortedDictionary<string, SchemaObject>(StringComparer.Ordinal);
        using SqliteDataReader reader = command.ExecuteReader();
        while (reader.Read())
        {
            var o = new SchemaObject(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.IsDBNull(3) ? "" : reader.GetString(3));
            objects[$"{o.Type} {o.Name}"] = o;
        }

        return new SchemaSnapshot(objects);
    }

    /// <summary>
    /// The schema as the down-block check compares it: "type name" → its SQL, normalised (<see cref="Normalize"/>), so
    /// that a table SQLite renamed (<c>CREATE TABLE "users" (…)</c>) equals the same table created under that name.
    /// </summary>
    public SortedDictionary<string, string> Definitions() =>
        new(Objects.ToDictionary(o => o.Key, o => Normalize(o.Value.Sql)), StringComparer.Ordinal);

    /// <summary>The tables, SQLite's own and the shadow tables of virtual tables left out.</summary>
    public IEnumerable<SchemaObject> Tables => _tables.Values.Where(t => !IsShadow(t.Name));

    /// <summary>The table named <paramref name="name"/> (case-insensitive, as SQLite compares names), or null.</summary>
    public SchemaObject? Table(string name) => _tables.GetValueOrDefault(name);

    /// <summary>The indexes with SQL (not those SQLite made for a constraint) of <paramref name="table"/>.</summary>
    public IEnumerable<SchemaObject> IndexesOf(string table) => ByTable[table].Where(o => o.Type == "index" && o.Sql.Length > 0);

    /// <summary>The triggers on <paramref name="table"/> (or on a view of that name).</summary>
    public IEnumerable<SchemaObject> TriggersOf(string table) => ByTable[table].Where(o => o.Type == "trigger");

    private ILookup<string, SchemaObject> ByTable =>
        _byTable ??= Objects.Values.Where(o => o.Type is "index" or "trigger").ToLookup(o => o.Table, StringComparer.OrdinalIgnoreCase);

    /// <summary>Every view and trigger.</summary>
    public IEnumerable<SchemaObject> ViewsAndTriggers => Objects.Values.Where(o => o.Type is "view" or "trigger");

    /// <summary>
    /// The columns, foreign keys and indexes of <paramref name="table"/>, or null when it does not exist or SQLite cannot
    /// create it alone (a virtual table of a module the scratch database lacks). Derived from its SQL and its indexes'
    /// on a scratch database, once per distinct SQL (<see cref="TableShape.Of"/>).
    /// </summary>
    public TableShape? Shape(string table, ScratchDatabase scratch)
    {
        if (_shapes.TryGetValue(table, out TableShape? known)) return known;
        TableShape? shape = Table(table) is SchemaObject t ? TableShape.Of(t, IndexesOf(t.Name).Select(i => i.Sql), scratch) : null;
        _shapes[table] = shape;
        return shape;
    }

    /// <summary>
    /// True for a shadow table of a virtual table (<c>notes_fts_data</c> of <c>notes_fts</c>): the module owns it. Known by
    /// the suffixes SQLite's FTS3/4, FTS5 and R*Tree modules give them.
    /// </summary>
    private bool IsShadow(string name) =>
        _virtualTables.Count > 0 && _virtualTables.Any(v => name.Length > v.Length + 1 && name.StartsWith(v + "_", StringComparison.OrdinalIgnoreCase)
                                                             && ShadowSuffixes.Contains(name[(v.Length + 1)..]));

    private static readonly HashSet<string> ShadowSuffixes = new(StringComparer.OrdinalIgnoreCase)
    {
        "data", "idx", "content", "docsize", "config", "segments", "segdir", "stat", "node", "rowid", "parent",
    };

    /// <summary>
    /// <paramref name="sql"/> with each run of white space made one space and quoted identifiers that need no quotes
    /// unquoted: SQLite rewrites a renamed object's name as <c>"name"</c>, which does not change the schema. String
    /// literals are kept as written.
    /// </summary>
    public static string Normalize(string sql)
    {
        var result = new StringBuilder(sql.Length);
        bool pendingSpace = false;
        for (int i = 0; i < sql.Length;)
        {
            char c = sql[i];
            if (char.IsWhiteSpace(c))
            {
                pendingSpace = true;
                i++;
                continue;
            }

            if (pendingSpace && result.Length > 0) result.Append(' ');
            pendingSpace = false;
            if (c == '\'')
            {
                int end = EndOfQuoted(sql, i, '\'');
                result.Append(sql, i, end - i);
                i = end;
            }
            else if (c is '"' or '`' or '[')
            {
                char close = c == '[' ? ']' : c;
                int end = EndOfQuoted(sql, i, close);
                string name = sql[(i + 1)..Math.Max(i + 1, end - 1)];
                if (close != ']') name = name.Replace(new string(close, 2), close.ToString(), StringComparison.Ordinal);
                result.Append(IsPlainIdentifier(name) ? name : SqliteSchema.Quote(name));
                i = end;
            }
            else
            {
                result.Append(c);
                i++;
            }
        }

        return result.ToString();
    }

    /// <summary>The offset after the quote that closes the quoted text starting at <paramref name="start"/> (doubled quotes inside; none for <c>]</c>).</summary>
    private static int EndOfQuoted(string sql, int start, char close)
    {
        int j = start + 1;
        while (j < sql.Length)
        {
            if (sql[j] != close)
            {
                j++;
            }
            else if (close != ']' && j + 1 < sql.Length && sql[j + 1] == close)
            {
                j += 2;
            }
            else
            {
                return j + 1;
            }
        }

        return sql.Length;
    }

    private static bool IsPlainIdentifier(string name) =>
        name.Length > 0 && (char.IsAsciiLetter(name[0]) || name[0] == '_') && name.All(ch => char.IsAsciiLetterOrDigit(ch) || ch == '_');
}

/// <summary>A column as <c>pragma table_xinfo</c> describes it.</summary>
/// <param name="Name">Its name.</param>
/// <param name="Type">Its declared type, or "".</param>
/// <param name="NotNull">Declared NOT NULL.</param>
/// <param name="PrimaryKey">Its position in the primary key (1-based), or 0.</param>
/// <param name="Hidden">0 for an ordinary column; 2 or 3 for a generated one, 1 for a virtual table's hidden one.</param>
internal sealed record ColumnShape(string Name, string Type, bool NotNull, int PrimaryKey, int Hidden);

/// <summary>A foreign key as <c>pragma foreign_key_list</c> describes it.</summary>
/// <param name="Columns">The child's columns, in order.</param>
/// <param name="Parent">The table it refers to, as written.</param>
/// <param name="ParentColumns">The parent's columns (null where the key names none: the parent's primary key).</param>
internal sealed record ForeignKeyShape(IReadOnlyList<string> Columns, string Parent, IReadOnlyList<string?> ParentColumns)
{
    /// <inheritdoc />
    public override string ToString() =>
        $"({string.Join(", ", Columns)}) → {Parent}" + (ParentColumns.All(c => c is null) ? "" : $" ({string.Join(", ", ParentColumns)})");
}

/// <summary>An index as <c>pragma index_list</c> and <c>index_info</c> describe it.</summary>
/// <param name="Name">Its name (<c>sqlite_autoindex_…</c> for one SQLite made for a constraint).</param>
/// <param name="Unique">A unique index.</param>
/// <param name="Origin"><c>c</c> made by CREATE INDEX, <c>u</c> by a UNIQUE constraint, <c>pk</c> by a PRIMARY KEY.</param>
/// <param name="Partial">Has a WHERE clause.</param>
/// <param name="Columns">Its key columns in order, an expression as "(expression)".</param>
/// <param name="Sql">Its SQL, or "" for one made for a constraint.</param>
internal sealed record IndexShape(string Name, bool Unique, string Origin, bool Partial, IReadOnlyList<string> Columns, string Sql)
{
    /// <summary>How a message names it: the index by name, a constraint's by what it is.</summary>
    public string Describe(string table) => Origin switch
    {
        "pk" => $"the PRIMARY KEY index of {table} ({string.Join(", ", Columns)})",
        "u" => $"the UNIQUE constraint of {table} ({string.Join(", ", Columns)})",
        _ => $"index {Name} ({(Unique ? "unique, " : "")}on {table} ({string.Join(", ", Columns)}))",
    };
}

/// <summary>What the schema diff needs of one table: its columns, foreign keys and indexes.</summary>
internal sealed class TableShape
{
    private const int CacheLimit = 4096;

    // Shapes by table SQL and index SQL: a table that a step leaves as it was has the same SQL at its next change.
    private static readonly ConcurrentDictionary<string, TableShape?> Cache = new(StringComparer.Ordinal);

    private TableShape(IReadOnlyList<ColumnShape> columns, IReadOnlyList<ForeignKeyShape> foreignKeys, IReadOnlyList<IndexShape> indexes)
    {
        Columns = columns;
        ForeignKeys = foreignKeys;
        Indexes = indexes;
    }

    /// <summary>The columns, in table order.</summary>
    public IReadOnlyList<ColumnShape> Columns { get; }

    /// <summary>The foreign keys.</summary>
    public IReadOnlyList<ForeignKeyShape> ForeignKeys { get; }

    /// <summary>The indexes, constraints' included.</summary>
    public IReadOnlyList<IndexShape> Indexes { get; }

    /// <summary>The column named <paramref name="name"/>, or null.</summary>
    public ColumnShape? Column(string name) => Columns.FirstOrDefault(c => c.Name.Equals(name, StringComparison.OrdinalIgnoreCase));

    /// <summary>
    /// The shape of <paramref name="table"/>: creates it and its indexes on the scratch database, reads <c>pragma
    /// table_xinfo</c>, <c>foreign_key_list</c>, <c>index_list</c> and <c>index_info</c>, and drops it again. Null when
    /// SQLite refuses the table there.
    /// </summary>
    public static TableShape? Of(SchemaObject table, IEnumerable<string> indexSql, ScratchDatabase scratch)
    {
        List<string> indexes = [.. indexSql];
        string key = table.Name + "\0" + table.Sql + "\0" + string.Join("\0", indexes);
        if (Cache.TryGetValue(key, out TableShape? cached)) return cached;

        TableShape? shape;
        try
        {
            shape = Derive(table, indexes, scratch.Connection);
        }
        catch (SqliteException)
        {
            // Whatever SQLite refuses of the table alone (a function or module of the app's), the diff does without it.
            shape = null;
        }

        if (Cache.Count >= CacheLimit) Cache.Clear();
        Cache[key] = shape;
        return shape;
    }

    private static TableShape? Derive(SchemaObject table, List<string> indexSql, SqliteConnection scratch)
    {
        using SqliteCommand command = scratch.CreateCommand();
        string quoted = SqliteSchema.Quote(table.Name);
        try
        {
            Execute(command, $"DROP TABLE IF EXISTS {quoted}");
            Execute(command, table.Sql);
        }
        catch (SqliteException)
        {
            return null;
        }

        try
        {
            foreach (string sql in indexSql)
            {
                try
                {
                    Execute(command, sql);
                }
                catch (SqliteException)
                {
                    // An index SQLite refuses alone (a collation of the app's): the diff does without it.
                }
            }

            command.Parameters.AddWithValue("$t", table.Name);
            var columns = new List<ColumnShape>();
            command.CommandText = "SELECT name, type, \"notnull\", pk, hidden FROM pragma_table_xinfo($t) ORDER BY cid";
            using (SqliteDataReader reader = command.ExecuteReader())
            {
                while (reader.Read()) columns.Add(new ColumnShape(reader.GetString(0), reader.GetString(1), reader.GetInt64(2) != 0, reader.GetInt32(3), reader.GetInt32(4)));
            }

            var keys = new List<ForeignKeyShape>();
            command.CommandText = "SELECT id, \"table\", \"from\", \"to\" FROM pragma_foreign_key_list($t) ORDER BY id, seq";
            using (SqliteDataReader reader = command.ExecuteReader())
            {
                int id = -1;
                (List<string> From, string Parent, List<string?> To)? current = null;
                while (reader.Read())
                {
                    if (reader.GetInt32(0) != id)
                    {
                        if (current is { } done) keys.Add(new ForeignKeyShape(done.From, done.Parent, done.To));
                        id = reader.GetInt32(0);
                        current = ([], reader.GetString(1), []);
                    }

                    current!.Value.From.Add(reader.GetString(2));
                    current.Value.To.Add(reader.IsDBNull(3) ? null : reader.GetString(3));
                }

                if (current is { } last) keys.Add(new ForeignKeyShape(last.From, last.Parent, last.To));
            }

            var found = new List<IndexShape>();
            Dictionary<string, string> sqlByName = indexSql.Select(s => (Name: IndexName(scratch, s), Sql: s)).Where(p => p.Name is not null)
                .ToDictionary(p => p.Name!, p => p.Sql, StringComparer.OrdinalIgnoreCase);
            command.CommandText = "SELECT l.name, l.\"unique\", l.origin, l.partial, i.name FROM pragma_index_list($t) AS l, pragma_index_info(l.name) AS i " +
                                  "ORDER BY l.name, i.seqno";
            using (SqliteDataReader reader = command.ExecuteReader())
            {
                string? name = null;
                List<string> indexColumns = [];
                (bool Unique, string Origin, bool Partial) info = (false, "c", false);
                while (reader.Read())
                {
                    if (reader.GetString(0) != name)
                    {
                        if (name is not null) found.Add(new IndexShape(name, info.Unique, info.Origin, info.Partial, indexColumns, sqlByName.GetValueOrDefault(name, "")));
                        name = reader.GetString(0);
                        indexColumns = [];
                        info = (reader.GetInt64(1) != 0, reader.GetString(2), reader.GetInt64(3) != 0);
                    }

                    indexColumns.Add(reader.IsDBNull(4) ? "(expression)" : reader.GetString(4));
                }

                if (name is not null) found.Add(new IndexShape(name, info.Unique, info.Origin, info.Partial, indexColumns, sqlByName.GetValueOrDefault(name, "")));
            }

            return new TableShape(columns, keys, found);
        }
        finally
        {
            command.Parameters.Clear();
            Execute(command, $"DROP TABLE IF EXISTS {quoted}");
        }
    }

    /// <summary>The name of the index <paramref name="sql"/> creates, as the scratch database lists it.</summary>
    private static string? IndexName(SqliteConnection scratch, string sql)
    {
        using SqliteCommand command = scratch.CreateCommand();
        command.CommandText = "SELECT name FROM sqlite_master WHERE type = 'index' AND sql = $s";
        command.Parameters.AddWithValue("$s", sql);
        return command.ExecuteScalar() as string;
    }

    private static void Execute(SqliteCommand command, string sql)
    {
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}

/// <summary>
/// An empty in-memory database, opened on first use, where <see cref="TableShape"/> creates a table alone to read its
/// shape: the replay database has rows, and the table before a step no longer exists after it.
/// </summary>
internal sealed class ScratchDatabase : IDisposable
{
    private SqliteConnection? _connection;

    /// <summary>The open connection.</summary>
    public SqliteConnection Connection
    {
        get
        {
            if (_connection is null)
            {
                _connection = new SqliteConnection("Data Source=:memory:");
                _connection.Open();
            }

            return _connection;
        }
    }

    /// <inheritdoc />
    public void Dispose() => _connection?.Dispose();
}
