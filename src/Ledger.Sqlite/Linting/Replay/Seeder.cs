using System.Text.RegularExpressions;
using Microsoft.Data.Sqlite;

namespace Ledger.Sqlite.Linting.Replay;

/// <summary>
/// Puts rows in a replay database's tables, as production data would be there when a step runs: values of each
/// column's declared type (affinity, or exact type in a STRICT table), a row with NULLs where the columns allow them,
/// a pair of rows with the same values in every column no UNIQUE or PRIMARY KEY forbids, and foreign-key columns that
/// take their values from the parent's rows (parents seeded first). Each candidate row is an
/// <c>INSERT OR IGNORE</c>: a row that breaks a CHECK, UNIQUE or NOT NULL constraint, or that a trigger refuses, is
/// skipped. Then a few rows with boundary values in the columns no key or CHECK of the table constrains (-1, a very
/// large number and 0 in numeric columns, a long string in text ones), as production data holds them, so that a
/// rebuild adding <c>CHECK (age &gt;= 0 AND age &lt; 150)</c> or <c>length(x) &lt;= n</c> fails here as it would there. Tables whose foreign keys form a cycle are seeded with their keys pointing nowhere, then
/// pointed at the other table's rows. Every statement runs under the statement limit; a table whose seed insert
/// runs past it (a trigger that never ends) is not seeded again.
/// Keys count up from <see cref="FirstKey"/>, far from the small keys a ledger's own rows use.
/// Virtual tables, their shadow tables, views and SQLite's own tables get no rows.
/// </summary>
internal sealed partial class Seeder
{
    /// <summary>The first value of the seeded keys.</summary>
    public const long FirstKey = 900_000_001;

    /// <summary>A table that already holds this many rows is not topped up again.</summary>
    private const int Enough = 32;

    /// <summary>
    /// The text seeded first: valid JSON, as a column that holds JSON in production always does (a <c>json_set</c>,
    /// <c>json_extract</c> or JSON index over it would fail on other text), and plain text to every other use.
    /// </summary>
    private const string Json = "{\"seed\":1}";

    private long _nextKey = FirstKey;

    /// <summary>Tables whose seed insert ran past the statement limit: they are not seeded again.</summary>
    private readonly HashSet<string> _stalled = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Set when the last <see cref="Insert"/> ran past the statement limit.</summary>
    private bool _timedOut;

    /// <summary>The blob seeded first, see <see cref="Jsonb"/>.</summary>
    private byte[]? _blob;

    /// <summary>Seeds every table of the database.</summary>
    public void SeedAll(SqliteConnection connection) => Seed(connection, null);

    /// <summary>
    /// Seeds <paramref name="tables"/> (those that are ordinary tables of the database and hold fewer than a few dozen
    /// rows), or every table when null. <paramref name="schema"/>, the schema as just read, saves looking up each
    /// table's SQL in <c>sqlite_schema</c>, which SQLite scans whole.
    /// </summary>
    /// <param name="connection">The replay database.</param>
    /// <param name="tables">The tables to seed, or null for every table.</param>
    /// <param name="schema">The schema as just read, or null.</param>
    /// <param name="onlyWhenEmpty">Seed only those of <paramref name="tables"/> that hold no row at all.</param>
    public void Seed(SqliteConnection connection, IReadOnlyCollection<string>? tables, SchemaSnapshot? schema = null, bool onlyWhenEmpty = false)
    {
        if (tables is { Count: 0 }) return;
        var wanted = new List<Table>();
        using (ReplayDatabase.Limit(connection))
        {
            foreach (string name in OrdinaryTables(connection, tables))
            {
                if (_stalled.Contains(name) || RowCount(connection, name) >= (onlyWhenEmpty ? 1 : Enough)) continue;
                wanted.Add(Table.Read(connection, name, schema?.Objects.GetValueOrDefault($"table {name}")?.Sql, Jsonb(connection)));
            }
        }

        List<Table> ordered = ParentsFirst(wanted);
        var pending = new HashSet<string>(ordered.Select(t => t.Name), StringComparer.OrdinalIgnoreCase);
        var cycles = new List<Table>();
        foreach (Table table in ordered)
        {
            pending.Remove(table.Name);
            if (SeedTable(connection, table, pending)) cycles.Add(table);
        }

        // A cycle of foreign keys: the tables seeded before their parent had rows now point at them.
        foreach (Table table in cycles)
        {
            Repoint(connection, table);
            RemoveOrphans(connection, table.Name);
        }
    }

    /// <summary>
    /// The blob seeded first: <c>{"seed":1}</c> as SQLite's JSONB, since SQLite reads a blob given to its JSON
    /// functions as JSONB (a column that holds JSON as a blob in production must not fail a <c>json_extract</c> here).
    /// </summary>
    private byte[] Jsonb(SqliteConnection connection)
    {
        if (_blob is not null) return _blob;
        using SqliteCommand command = connection.CreateCommand();
        command.CommandText = "SELECT jsonb('{\"seed\":1}')";
        try
        {
            using ReplayDatabase.Deadline limit = ReplayDatabase.Limit(connection);
            _blob = command.ExecuteScalar() as byte[];
        }
        catch (SqliteException)
        {
            // A SQLite without JSONB: any blob will do.
        }

        return _blob ??= [0x5E, 0xED];
    }

    /// <summary>
    /// Seeds one table; true when a key's parent is among <paramref name="pending"/> (a cycle of foreign keys): its
    /// orphans are then left for the caller to point at the parent's rows once they exist.
    /// </summary>
    private bool SeedTable(SqliteConnection connection, Table table, HashSet<string> pending)
    {
        List<Column> columns = table.Columns;
        if (columns.Count == 0) return false;
        var parents = new Dictionary<long, List<object?[]>>();
        bool cycle = false;
        foreach (ForeignKey key in table.Keys)
        {
            parents[key.Id] = key.Parent.Equals(table.Name, StringComparison.OrdinalIgnoreCase) ? [] : ParentRows(connection, key);
            cycle |= parents[key.Id].Count == 0 && pending.Contains(key.Parent);
        }

        using SqliteCommand insert = connection.CreateCommand();
        insert.CommandText = $"INSERT OR IGNORE INTO {SqliteSchema.Quote(table.Name)} ({string.Join(", ", columns.Select(c => SqliteSchema.Quote(c.Name)))}) " +
                             $"VALUES ({string.Join(", ", columns.Select((_, i) => "$p" + i))})";
        int candidates = Math.Max(1, columns.Max(c => c.Candidates.Count));

        // The first row whose values the constraints accept, then its duplicate, then NULLs, then other values.
        object?[]? first = null;
        for (int b = 0; b < candidates && first is null && !_timedOut; b++)
        {
            object?[] row = Row(table, parents, b, 0, nullable: false);
            if (Insert(insert, row)) first = row;
        }

        if (Stalled(table)) return false;
        if (first is null) return cycle;
        object?[] duplicate = Row(table, parents, 0, 1, nullable: false);
        for (int i = 0; i < columns.Count; i++)
        {
            if (!table.Fresh.Contains(i)) duplicate[i] = first[i];
        }

        Insert(insert, duplicate);
        if (!Insert(insert, Row(table, parents, 1, 2, nullable: true)))
        {
            // One column at a time, when a CHECK forbids them all NULL at once.
            foreach (int i in Enumerable.Range(0, columns.Count).Where(i => columns[i].Nullable).Take(16))
            {
                object?[] row = Row(table, parents, 0, 2, nullable: false);
                row[i] = null;
                Insert(insert, row);
            }
        }

        Insert(insert, Row(table, parents, 2, 3, nullable: false));
        if (Stalled(table)) return false;
        if (cycle) return true;
        if (table.Keys.Count > 0) RemoveOrphans(connection, table.Name);
        return false;
    }

    /// <summary>After an insert ran past the statement limit: the table is left as it is and not seeded again.</summary>
    private bool Stalled(Table table)
    {
        if (!_timedOut) return false;
        _timedOut = false;
        _stalled.Add(table.Name);
        return true;
    }

    /// <summary>
    /// Points the rows of <paramref name="table"/> whose foreign key has no parent row at the parent's rows (seeded
    /// after it, in a cycle), before the orphans left are removed.
    /// </summary>
    private static void Repoint(SqliteConnection connection, Table table)
    {
        using ReplayDatabase.Deadline limit = ReplayDatabase.Limit(connection);
        var orphans = new List<(long RowId, long Key)>();
        using SqliteCommand command = connection.CreateCommand();
        command.CommandText = $"PRAGMA foreign_key_check({SqliteSchema.Quote(table.Name)})";
        try
        {
            using SqliteDataReader reader = command.ExecuteReader();
            while (reader.Read())
            {
                if (!reader.IsDBNull(1)) orphans.Add((reader.GetInt64(1), reader.GetInt64(3)));
            }
        }
        catch (SqliteException)
        {
            return; // a foreign key mismatch, or past the limit: the orphans are removed or kept as they are
        }

        foreach (ForeignKey key in table.Keys)
        {
            List<object?[]> rows = ParentRows(connection, key);
            if (rows.Count == 0) continue;
            command.CommandText = $"UPDATE OR IGNORE {SqliteSchema.Quote(table.Name)} SET " +
                                  string.Join(", ", key.Columns.Select((c, i) => $"{SqliteSchema.Quote(c)} = $v{i}")) + " WHERE rowid = $id";
            int n = 0;
            foreach ((long rowId, _) in orphans.Where(o => o.Key == key.Id))
            {
                command.Parameters.Clear();
                object?[] row = rows[n++ % rows.Count];
                for (int i = 0; i < key.Columns.Count; i++) command.Parameters.AddWithValue("$v" + i, row[i] ?? DBNull.Value);
                command.Parameters.AddWithValue("$id", rowId);
                try
                {
                    command.ExecuteNonQuery();
                }
                catch (SqliteException)
                {
                    // A trigger refused it: the row stays an orphan and is removed.
                }
            }
        }
    }

    /// <summary>
    /// One candidate row: each column's candidate at <paramref name="index"/>, new key values in the columns a UNIQUE
    /// or PRIMARY KEY covers, the parent's row <paramref name="parentRow"/> in foreign-key columns.
    /// </summary>
    private object?[] Row(Table table, Dictionary<long, List<object?[]>> parents, int index, int parentRow, bool nullable)
    {
        long key = _nextKey++;
        var row = new object?[table.Columns.Count];
        for (int i = 0; i < row.Length; i++)
        {
            Column c = table.Columns[i];
            row[i] = nullable && c.Nullable && !table.Fresh.Contains(i) ? null
                : table.Unique.Contains(i) && c.Literals == 0 ? c.Fresh(key)
                : c.Candidates[index % c.Candidates.Count];
        }

        foreach (ForeignKey fk in table.Keys)
        {
            List<object?[]> rows = parents[fk.Id];
            for (int k = 0; k < fk.Columns.Count; k++)
            {
                int i = table.Columns.FindIndex(c => c.Name.Equals(fk.Columns[k], StringComparison.OrdinalIgnoreCase));
                if (i < 0) continue;
                if (rows.Count > 0) row[i] = rows[parentRow % rows.Count][k];
                else if (fk.Parent.Equals(table.Name, StringComparison.OrdinalIgnoreCase))
                {
                    // A key to its own table: the first rows point at themselves (or nowhere, where NULL is allowed).
                    int target = fk.Targets is { } t ? table.Columns.FindIndex(c => c.Name.Equals(t[k], StringComparison.OrdinalIgnoreCase)) : table.RowIdAlias;
                    row[i] = table.Columns[i].Nullable ? null : target >= 0 ? row[target] : row[i];
                }
                else if (table.Columns[i].Nullable) row[i] = null;
            }
        }

        return row;
    }

    private bool Insert(SqliteCommand insert, object?[] row)
    {
        if (_timedOut) return false;
        insert.Parameters.Clear();
        for (int i = 0; i < row.Length; i++) insert.Parameters.AddWithValue("$p" + i, row[i] ?? DBNull.Value);
        try
        {
            using ReplayDatabase.Deadline limit = ReplayDatabase.Limit(insert.Connection!);
            return insert.ExecuteNonQuery() > 0;
        }
        catch (SqliteException ex)
        {
            // A trigger refused it (RAISE), or a constraint IGNORE does not cover: this row is skipped. Interrupted
            // (a trigger that runs past the statement limit): the table is not seeded further.
            _timedOut = ex.SqliteErrorCode == 9;
            return false;
        }
    }

    /// <summary>The rows of a key's parent, as the key's columns (up to four).</summary>
    private static List<object?[]> ParentRows(SqliteConnection connection, ForeignKey key)
    {
        List<string>? targets = key.Targets ?? SqliteSchema.PrimaryKey(connection, key.Parent) ?? ["rowid"];
        var rows = new List<object?[]>();
        if (targets.Count != key.Columns.Count) return rows;
        using SqliteCommand command = connection.CreateCommand();
        command.CommandText = $"SELECT {string.Join(", ", targets.Select(t => t == "rowid" ? t : SqliteSchema.Quote(t)))} FROM {SqliteSchema.Quote(key.Parent)} LIMIT 4";
        try
        {
            using ReplayDatabase.Deadline limit = ReplayDatabase.Limit(connection);
            using SqliteDataReader reader = command.ExecuteReader();
            while (reader.Read())
            {
                var row = new object?[targets.Count];
                for (int i = 0; i < row.Length; i++) row[i] = reader.IsDBNull(i) ? null : reader.GetValue(i);
                rows.Add(row);
            }
        }
        catch (SqliteException)
        {
            // No such parent, or no such column: a key no row can satisfy; its rows are removed below.
        }

        return rows;
    }

    /// <summary>Deletes the seeded rows that still violate a foreign key (a parent without rows).</summary>
    private static void RemoveOrphans(SqliteConnection connection, string table)
    {
        using ReplayDatabase.Deadline limit = ReplayDatabase.Limit(connection);
        var rowIds = new List<long>();
        using SqliteCommand command = connection.CreateCommand();
        command.CommandText = $"PRAGMA foreign_key_check({SqliteSchema.Quote(table)})";
        try
        {
            using SqliteDataReader reader = command.ExecuteReader();
            while (reader.Read())
            {
                if (!reader.IsDBNull(1)) rowIds.Add(reader.GetInt64(1));
            }
        }
        catch (SqliteException)
        {
            return; // a foreign key mismatch: LDG023's, and SQLite checks no row of such a table
        }

        command.CommandText = $"DELETE FROM {SqliteSchema.Quote(table)} WHERE rowid = $id";
        foreach (long id in rowIds)
        {
            command.Parameters.Clear();
            command.Parameters.AddWithValue("$id", id);
            try
            {
                command.ExecuteNonQuery();
            }
            catch (SqliteException)
            {
                // A trigger refused the delete: the row stays, and a step that leaves it is judged as apply would.
            }
        }
    }

    /// <summary>
    /// The ordinary tables of the main schema among <paramref name="names"/> (all when null), by name: asked table by
    /// table when names are given, so that topping up after a step costs what the step touched, not the whole schema.
    /// </summary>
    private static List<string> OrdinaryTables(SqliteConnection connection, IReadOnlyCollection<string>? names)
    {
        using SqliteCommand command = connection.CreateCommand();
        var tables = new List<string>();
        if (names is null)
        {
            command.CommandText = $"SELECT name FROM pragma_table_list WHERE schema = 'main' AND type = 'table' AND {SqliteSchema.NotInternal} ORDER BY name";
            using SqliteDataReader reader = command.ExecuteReader();
            while (reader.Read()) tables.Add(reader.GetString(0));
            return tables;
        }

        command.CommandText = $"SELECT name FROM pragma_table_list($t) WHERE schema = 'main' AND type = 'table' AND {SqliteSchema.NotInternal}";
        SqliteParameter parameter = command.Parameters.Add("$t", SqliteType.Text);
        foreach (string name in names.Order(StringComparer.OrdinalIgnoreCase))
        {
            parameter.Value = name;
            if (command.ExecuteScalar() is string table) tables.Add(table);
        }

        return tables;
    }

    private static long RowCount(SqliteConnection connection, string table)
    {
        using SqliteCommand command = connection.CreateCommand();
        command.CommandText = $"SELECT count(*) FROM (SELECT 1 FROM {SqliteSchema.Quote(table)} LIMIT {Enough})";
        return (long)command.ExecuteScalar()!;
    }

    /// <summary>The tables, each after the tables its foreign keys reference (a cycle is broken where it closes).</summary>
    private static List<Table> ParentsFirst(List<Table> tables)
    {
        var byName = tables.ToDictionary(t => t.Name, StringComparer.OrdinalIgnoreCase);
        var done = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var ordered = new List<Table>();
        void Visit(Table table)
        {
            if (!done.Add(table.Name)) return;
            foreach (ForeignKey key in table.Keys)
            {
                if (byName.TryGetValue(key.Parent, out Table? parent)) Visit(parent);
            }

            ordered.Add(table);
        }

        foreach (Table table in tables) Visit(table);
        return ordered;
    }

    /// <summary>A foreign key: its id, its columns, the parent table and the parent's columns (null: the parent's primary key).</summary>
    private sealed record ForeignKey(long Id, List<string> Columns, string Parent, List<string>? Targets);

    /// <summary>A column to seed and the values to try in it.</summary>
    private sealed record Column(string Name, string Type, bool Nullable, List<object> Candidates, int Literals)
    {
        /// <summary>A value no other row has, of the column's type.</summary>
        public object Fresh(long key) => Affinity(Type) switch
        {
            'I' => key,
            'R' => key + 0.5,
            'B' when Type.Length > 0 => BitConverter.GetBytes(key),
            'N' when !IsDate(Type) => key,
            _ => "seed-" + key.ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
    }

    private sealed class Table
    {
        private Table(string name)
        {
            Name = name;
        }

        public string Name { get; }

        public List<Column> Columns { get; } = [];

        public List<ForeignKey> Keys { get; } = [];

        /// <summary>Columns a one-column UNIQUE or PRIMARY KEY covers: every row gets a new value.</summary>
        public HashSet<int> Unique { get; } = [];

        /// <summary>Columns the duplicate row changes: <see cref="Unique"/> and the last column of each composite key.</summary>
        public HashSet<int> Fresh { get; } = [];

        /// <summary>The column that is the rowid's alias (INTEGER PRIMARY KEY), or -1.</summary>
        public int RowIdAlias { get; private set; } = -1;

        public static Table Read(SqliteConnection connection, string name, string? sql, byte[] blob)
        {
            var table = new Table(name);
            using SqliteCommand command = connection.CreateCommand();
            command.Parameters.AddWithValue("$t", name);
            if (sql is null)
            {
                command.CommandText = "SELECT sql FROM main.sqlite_schema WHERE type = 'table' AND name = $t";
                sql = command.ExecuteScalar() as string ?? "";
            }

            List<string> checks = Checks(sql);

            var pk = new List<int>();
            command.CommandText = "SELECT name, type, \"notnull\", pk, hidden FROM pragma_table_xinfo($t) ORDER BY cid";
            using (SqliteDataReader reader = command.ExecuteReader())
            {
                while (reader.Read())
                {
                    if (reader.GetInt64(4) != 0) continue; // generated (or a virtual table's hidden) column
                    string column = reader.GetString(0), type = reader.GetString(1);
                    (List<object> candidates, int literals) = Candidates(column, type, checks, blob);
                    if (reader.GetInt64(3) > 0) pk.Add(table.Columns.Count);
                    table.Columns.Add(new Column(column, type, reader.GetInt64(2) == 0 && reader.GetInt64(3) == 0, candidates, literals));
                }
            }

            if (pk.Count == 1 && table.Columns[pk[0]].Type.Equals("INTEGER", StringComparison.OrdinalIgnoreCase)) table.RowIdAlias = pk[0];
            table.AddKey(pk);
            command.CommandText = "SELECT l.name, i.name FROM pragma_index_list($t) AS l, pragma_index_info(l.name) AS i WHERE l.\"unique\" = 1 ORDER BY l.name, i.seqno";
            var indexes = new Dictionary<string, List<int>>(StringComparer.Ordinal);
            using (SqliteDataReader reader = command.ExecuteReader())
            {
                while (reader.Read())
                {
                    int i = reader.IsDBNull(1) ? -1 : table.Columns.FindIndex(c => c.Name.Equals(reader.GetString(1), StringComparison.OrdinalIgnoreCase));
                    if (!indexes.TryGetValue(reader.GetString(0), out List<int>? list)) indexes[reader.GetString(0)] = list = [];
                    if (i >= 0) list.Add(i);
                }
            }

            foreach (List<int> index in indexes.Values) table.AddKey(index);
            command.CommandText = "SELECT id, \"table\", \"from\", \"to\" FROM pragma_foreign_key_list($t) ORDER BY id, seq";
            using (SqliteDataReader reader = command.ExecuteReader())
            {
                while (reader.Read())
                {
                    long id = reader.GetInt64(0);
                    if (table.Keys.Count == 0 || table.Keys[^1].Id != id) table.Keys.Add(new ForeignKey(id, [], reader.GetString(1), reader.IsDBNull(3) ? null : []));
                    table.Keys[^1].Columns.Add(reader.GetString(2));
                    if (!reader.IsDBNull(3)) table.Keys[^1].Targets?.Add(reader.GetString(3));
                }
            }

            return table;
        }

        private void AddKey(List<int> columns)
        {
            if (columns.Count == 0) return;
            if (columns.Count == 1) Unique.Add(columns[0]);
            Fresh.Add(columns[^1]);
        }
    }

    /// <summary>
    /// What to try in a column: the literals of the table's CHECK constraints that name it (so that
    /// <c>CHECK (status IN ('open', 'closed'))</c> gets rows), then values of its type.
    /// </summary>
    private static (List<object> Candidates, int Literals) Candidates(string column, string type, List<string> checks, byte[] blob)
    {
        char affinity = Affinity(type);
        var values = new List<object>();
        // SQLite folds only ASCII letters of names, whatever the culture: both sides lowered invariantly, and the pattern
        // is case-sensitive (a Regex built with RegexOptions keeps .NET's NonBacktracking engine in the native build).
        var name = new Regex($@"(?<![\w$])[""`\[]?{Regex.Escape(column.ToLowerInvariant())}[""`\]]?(?![\w$])");
        foreach (string check in checks.Where(c => name.IsMatch(c.ToLowerInvariant())))
        {
            if (affinity is not ('I' or 'R'))
            {
                foreach (Match m in StringLiteral().Matches(check)) values.Add(m.Groups[1].Value.Replace("''", "'", StringComparison.Ordinal));
            }

            if (affinity is not 'T' && !(affinity == 'B' && type.Length > 0))
            {
                foreach (Match m in NumberLiteral().Matches(check))
                {
                    // A number too large for a long (CHECK (n < 99999999999999999999)) is no useful candidate: skipped.
                    if (m.Value.Contains('.', StringComparison.Ordinal)) values.Add(double.Parse(m.Value, System.Globalization.CultureInfo.InvariantCulture));
                    else if (long.TryParse(m.Value, System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out long n)) values.Add(n);
                }
            }
        }

        values = [.. values.Where(v => affinity != 'R' || v is not string).Select(v => affinity == 'R' && v is long l ? (object)(double)l : v).Distinct()];
        int literals = values.Count;
        values.AddRange(affinity switch
        {
            'I' => [1L, 2L, 0L],
            'R' => [1.5, 2.5, 0.0],
            'T' when IsDate(type) => ["2024-01-01 00:00:00", "2024-06-30 12:30:00"],
            'T' => [Json, "[\"seed\"]", "{}"],
            'N' when IsDate(type) => ["2024-01-01 00:00:00", "2024-06-30 12:30:00"],
            'N' => [1L, 2.5, 0L],
            'B' when type.Length > 0 => [blob, new byte[] { 0 }],
            _ => [Json, 1L, "{}"],
        });
        return (values, literals);
    }

    /// <summary>SQLite's affinity of a declared type: I(nteger), T(ext), B(lob or none), R(eal), N(umeric).</summary>
    private static char Affinity(string type)
    {
        string t = type.ToUpperInvariant();
        if (t.Contains("INT", StringComparison.Ordinal)) return 'I';
        if (t.Contains("CHAR", StringComparison.Ordinal) || t.Contains("CLOB", StringComparison.Ordinal) || t.Contains("TEXT", StringComparison.Ordinal)) return 'T';
        if (t.Length == 0 || t.Contains("BLOB", StringComparison.Ordinal)) return 'B';
        if (t.Contains("REAL", StringComparison.Ordinal) || t.Contains("FLOA", StringComparison.Ordinal) || t.Contains("DOUB", StringComparison.Ordinal)) return 'R';
        return t == "ANY" ? 'B' : 'N';
    }

    private static bool IsDate(string type) =>
        type.Contains("DATE", StringComparison.OrdinalIgnoreCase) || type.Contains("TIME", StringComparison.OrdinalIgnoreCase);

    /// <summary>The text of each <c>CHECK (…)</c> of a table's SQL.</summary>
    private static List<string> Checks(string sql)
    {
        var checks = new List<string>();
        foreach (Match m in CheckKeyword().Matches(sql))
        {
            int depth = 0, start = m.Index + m.Length - 1;
            for (int i = start; i < sql.Length; i++)
            {
                if (sql[i] == '\'')
                {
                    i = sql.IndexOf('\'', i + 1) is int end and >= 0 ? end : sql.Length;
                    continue;
                }

                if (sql[i] == '(') depth++;
                else if (sql[i] == ')' && --depth == 0)
                {
                    checks.Add(sql[start..(i + 1)]);
                    break;
                }
            }
        }

        return checks;
    }

    [GeneratedRegex(@"\bCHECK\s*\(", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex CheckKeyword();

    [GeneratedRegex("'((?:[^']|'')*)'")]
    private static partial Regex StringLiteral();

    [GeneratedRegex(@"(?<![\w.'])-?\d+(\.\d+)?(?![\w.])")]
    private static partial Regex NumberLiteral();
}
