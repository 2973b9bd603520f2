using Ledger.Journal;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace Ledger.Sqlite.Engine;

/// <summary>
/// A connection's journal: reading it (skipped inside a step when <c>PRAGMA data_version</c> says nobody else has
/// committed since it was last read) and inserting rows through SQLite's C API.
/// </summary>
internal sealed class SqliteJournalStore : IDisposable
{
    private readonly SqliteMigrationConnection _owner;
    private readonly SqliteJournalDialect _dialect;
    private readonly bool _emptyAtOpen;

    // PRAGMA data_version when this connection last read the journal, null until it has. The value changes when
    // another connection commits to the database, and only then (not for this connection's own commits), so an equal
    // value inside a step's transaction means the journal is what was read plus what this connection has committed
    // since, which the migrator keeps itself.
    private long? _readAt;

    // The journal's insert, prepared on first use (see Record), and where its parameters are.
    private static readonly string[] InsertParameters = ["$scope", "$from", "$to", "$checksum", "$title", "$applied_at", "$duration_ms", "$kind"];
    private sqlite3_stmt? _insert;
    private int[]? _insertParameters;

    // The storage type of each column of the journal's SELECT, as Ledger writes them; the title (4) may be NULL.
    private static readonly Type[] JournalTypes =
        [typeof(string), typeof(string), typeof(string), typeof(string), typeof(string), typeof(string), typeof(long), typeof(string)];

    private const int JournalTitle = 4;

    public SqliteJournalStore(SqliteMigrationConnection owner, SqliteJournalDialect dialect, bool emptyAtOpen)
    {
        _owner = owner;
        _dialect = dialect;
        _emptyAtOpen = emptyAtOpen;
    }

    /// <summary>True once the journal table is known to exist.</summary>
    internal bool Exists { get; private set; }

    /// <summary>A step of this connection committed: the journal table exists now.</summary>
    internal void Committed() => Exists = true;

    /// <summary>
    /// Reads the journal and remembers when. Outside a transaction the version is taken before the read, so a commit
    /// by someone else between the two makes the next comparison differ (a read too many, never one too few).
    /// </summary>
    internal JournalState Read()
    {
        // An empty file has no journal; saying so without a query spares a failing SELECT (and its exception) per new
        // database. The journal is read again inside every step's transaction, where it counts. What is noted instead
        // is who has written since (see NewDatabaseLock).
        if (_emptyAtOpen && !Exists)
        {
            _owner.Lock.Opened();
            return JournalState.Empty;
        }

        long version = _owner.DataVersion();
        JournalState state = ReadRows();
        Exists |= state.TableExists;
        _readAt = version;
        return state;
    }

    /// <summary>Inside a step's transaction: the journal, or null when no other connection has committed since it was last read.</summary>
    internal JournalState? ReadIfChanged()
    {
        long version = _owner.DataVersion();
        if (_readAt == version) return null;
        JournalState state = ReadRows();
        _readAt = version;
        return state;
    }

    private JournalState ReadRows()
    {
        SqliteCommand command = _owner.Prepared(_dialect.SelectAll);
        var entries = new List<JournalEntry>();
        try
        {
            using SqliteDataReader reader = command.ExecuteReader();
            int row = 0;
            while (reader.Read())
            {
                row++;
                CheckTypes(reader, row);
                var entry = new JournalEntry(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3),
                    reader.IsDBNull(4) ? null : reader.GetString(4), reader.GetString(5), reader.GetInt64(6), reader.GetString(7));
                if (entry.Problem() is string problem) throw new JournalFormatException(_dialect.TableName, row, problem);
                entries.Add(entry);
            }
        }
        catch (SqliteException e) when (e.SqliteErrorCode == 1 && e.Message.Contains("no such table", StringComparison.Ordinal))
        {
            return OtherTables() is { Count: > 0 } tables ? JournalState.Untracked(tables) : JournalState.Empty;
        }

        return new JournalState(entries);
    }

    /// <summary>The first few tables of a database that has no journal table (none for a new database).</summary>
    private List<string> OtherTables()
    {
        SqliteCommand command = _owner.Prepared("SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY name LIMIT 5");
        var tables = new List<string>();
        using SqliteDataReader reader = command.ExecuteReader();
        while (reader.Read()) tables.Add(reader.GetString(0));
        return tables;
    }

    /// <summary>
    /// Each value of a journal row must be of the type Ledger writes (text; an integer for <c>duration_ms</c>; the title
    /// may be NULL). A table recreated without its constraints (or its column types) can hold anything: SQLite would
    /// convert a number to text, or text to 0, without a word, and reading a NULL as text throws.
    /// </summary>
    private void CheckTypes(SqliteDataReader reader, int row)
    {
        for (int i = 0; i < JournalTypes.Length; i++)
        {
            if (reader.IsDBNull(i))
            {
                if (i == JournalTitle) continue;
                throw new JournalFormatException(_dialect.TableName, row, $"has NULL in {reader.GetName(i)}");
            }

            Type type = reader.GetFieldType(i);
            if (type != JournalTypes[i])
            {
                throw new JournalFormatException(_dialect.TableName, row, $"has {TypeName(type)} in {reader.GetName(i)}, where Ledger writes {TypeName(JournalTypes[i])}");
            }
        }

        static string TypeName(Type type) =>
            type == typeof(string) ? "text" : type == typeof(long) ? "an integer" : type == typeof(double) ? "a real number" : "a blob";
    }

    /// <summary>
    /// Inserts a journal row (inside a step's transaction), through SQLite's C API: one statement prepared once per
    /// connection with its parameters bound by position; with its values in place it reads exactly as the plan's
    /// <see cref="SqliteJournalDialect.Insert(JournalEntry)"/>. Through a <see cref="SqliteCommand"/>, each insert
    /// looked its eight parameters up by name and checked every one of the statement's parameters for a value, about
    /// 0.03 ms more per step (measured in one process, alternating the two per database; see docs/performance.md).
    /// SQLite prepares the statement again by itself when a step has changed the schema.
    /// </summary>
    internal void Record(JournalEntry entry)
    {
        sqlite3 db = _owner.Connection.Handle!;
        if (_insert is null)
        {
            SqliteException.ThrowExceptionForRC(raw.sqlite3_prepare_v2(db, SqliteJournalDialect.ParameterizedInsert, out sqlite3_stmt prepared), db);
            _insert = prepared;
            _insertParameters = [.. InsertParameters.Select(name => raw.sqlite3_bind_parameter_index(prepared, name))];
        }

        sqlite3_stmt insert = _insert;
        int[] at = _insertParameters!;
        // A value that cannot be bound (too long, out of memory) must fail the step: a bound value stays from one insert
        // to the next, so ignoring the code would write the previous row's value.
        Bound(raw.sqlite3_bind_text(insert, at[0], entry.Scope));
        Bound(raw.sqlite3_bind_text(insert, at[1], entry.From));
        Bound(raw.sqlite3_bind_text(insert, at[2], entry.To));
        Bound(raw.sqlite3_bind_text(insert, at[3], entry.Checksum));
        Bound(entry.Title is null ? raw.sqlite3_bind_null(insert, at[4]) : raw.sqlite3_bind_text(insert, at[4], entry.Title));
        Bound(raw.sqlite3_bind_text(insert, at[5], entry.AppliedAt));
        Bound(raw.sqlite3_bind_int64(insert, at[6], entry.DurationMs));
        Bound(raw.sqlite3_bind_text(insert, at[7], entry.Kind));
        int rc = raw.sqlite3_step(insert);
        raw.sqlite3_reset(insert);
        if (rc != raw.SQLITE_DONE) SqliteException.ThrowExceptionForRC(rc, db);

        void Bound(int code) => SqliteException.ThrowExceptionForRC(code, db);
    }

    public void Dispose() => _insert?.Dispose();
}
