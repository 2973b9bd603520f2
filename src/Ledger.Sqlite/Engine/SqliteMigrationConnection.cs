using System.Globalization;
using System.Runtime.CompilerServices;
using Ledger.Execution;
using Ledger.Journal;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace Ledger.Sqlite.Engine;

/// <summary>An open SQLite database. Microsoft.Data.Sqlite is synchronous underneath, so the async methods complete at once.</summary>
internal sealed class SqliteMigrationConnection : IMigrationConnection, IDisposable
{
    private readonly SqliteConnection _connection;
    private readonly SqliteJournalDialect _dialect;
    private readonly bool _emptyAtOpen;
    private bool _foreignKeysOff;

    // A new database is held by this connection once it has committed a step (see ShouldHold): PRAGMA data_version
    // when the journal of a file that was empty at open was first asked for (null for any other file, and until
    // then), whether this connection has committed a step, and whether it holds the database now.
    private long? _versionAtOpen;
    private bool _committed;
    private bool _held;

    // PRAGMA data_version when this connection last read the journal, null until it has. The value changes when
    // another connection commits to the database, and only then (not for this connection's own commits), so an equal
    // value inside a step's transaction means the journal is what was read plus what this connection has committed
    // since, which the migrator keeps itself.
    private long? _journalReadAt;

    // What every step runs (BEGIN, PRAGMA data_version, the journal's read, COMMIT, ROLLBACK), prepared once per
    // connection instead of parsed again for each step; keyed by SQL text. The journal's row is below.
    private readonly Dictionary<string, SqliteCommand> _prepared = new(StringComparer.Ordinal);

    // For every other statement (see Command).
    private SqliteCommand? _command;

    // The journal's insert, prepared on first use (see RecordJournal), and where its parameters are.
    private static readonly string[] InsertParameters = ["$scope", "$from", "$to", "$checksum", "$title", "$applied_at", "$duration_ms", "$kind"];
    private sqlite3_stmt? _insert;

    // The storage type of each column of the journal's SELECT, as Ledger writes them; the title (4) may be NULL.
    private static readonly Type[] JournalTypes =
        [typeof(string), typeof(string), typeof(string), typeof(string), typeof(string), typeof(string), typeof(long), typeof(string)];

    private const int JournalTitle = 4;
    private int[]? _insertParameters;

    /// <param name="target">The database.</param>
    /// <param name="connection">Its open connection (owned).</param>
    /// <param name="dialect">The journal's SQL.</param>
    /// <param name="emptyAtOpen">The file was empty (0 bytes) when opened: it has no journal to read yet.</param>
    public SqliteMigrationConnection(DatabaseTarget target, SqliteConnection connection, SqliteJournalDialect dialect, bool emptyAtOpen)
    {
        Target = target;
        _connection = connection;
        _dialect = dialect;
        _emptyAtOpen = emptyAtOpen;
    }

    public DatabaseTarget Target { get; }

    /// <summary>True once the journal table is known to exist, so a step need not create it.</summary>
    internal bool JournalExists { get; set; }

    public Task<JournalState> ReadJournalAsync(CancellationToken cancellationToken)
    {
        // An empty file has no journal; saying so without a query spares a failing SELECT (and its exception) per new
        // database. The journal is read again inside every step's transaction, where it counts. What is noted instead
        // is who has written since (see ShouldHold).
        if (_emptyAtOpen && !JournalExists)
        {
            _versionAtOpen ??= DataVersion();
            return Task.FromResult(JournalState.Empty);
        }

        JournalState state = ReadJournal(out bool exists);
        JournalExists |= exists;
        return Task.FromResult(state);
    }

    /// <summary>
    /// Reads the journal and remembers when. Outside a transaction the version is taken before the read, so a commit
    /// by someone else between the two makes the next comparison differ (a read too many, never one too few).
    /// </summary>
    internal JournalState ReadJournal(out bool exists)
    {
        long version = DataVersion();
        JournalState state = ReadJournalRows(out exists);
        _journalReadAt = version;
        return state;
    }

    /// <summary>Inside a step's transaction: the journal, or null when no other connection has committed since it was last read.</summary>
    internal JournalState? ReadJournalIfChanged() => _journalReadAt == DataVersion() ? null : ReadJournal(out _);

    private long DataVersion() => (long)Prepared("PRAGMA data_version").ExecuteScalar()!;

    private JournalState ReadJournalRows(out bool exists)
    {
        exists = false;
        SqliteCommand command = Prepared(_dialect.SelectAll);
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
            return JournalState.Empty;
        }

        exists = true;
        return new JournalState(entries);
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

    public Task<IStepTransaction> BeginStepAsync(CancellationToken cancellationToken)
    {
        try
        {
            return Task.FromResult<IStepTransaction>(BeginStep());
        }
        catch (SqliteException e) when (DescriptorLimit.Explain(e) is { } explained)
        {
            throw explained;
        }
    }

    private SqliteStepTransaction BeginStep()
    {
        // PRAGMA foreign_keys is a no-op inside a transaction, so it is switched off before the first BEGIN. With
        // foreign keys on, the DROP TABLE of a table rebuild would cascade deletes into child tables. It stays off
        // until this connection (Ledger's own, closed after the database) closes: each step checks foreign keys
        // itself (PRAGMA foreign_key_check), and turning them on and off around every step cost two statements a step.
        // It is set without reading it first: one statement either way, and setting it is the one that is needed.
        if (!_foreignKeysOff)
        {
            Execute("PRAGMA foreign_keys = OFF");
            _foreignKeysOff = true;
        }

        Prepared(_dialect.BeginStep).ExecuteNonQuery();
        var tx = new SqliteStepTransaction(this, _dialect);
        try
        {
            if (!JournalExists) tx.Execute(_dialect.CreateTable);
            if (ShouldHold())
            {
                tx.Execute("PRAGMA locking_mode = EXCLUSIVE");
                _held = true;
            }
        }
        catch
        {
            tx.Dispose();
            throw;
        }

        return tx;
    }

    /// <summary>
    /// Whether to hold the database from this step transaction until the connection closes (SQLite's exclusive locking
    /// mode): when the file was empty when this connection opened it (a new tenant), this connection has committed a
    /// step, and no other connection has committed anything since the migrator first asked for its journal, right
    /// after opening it (<c>PRAGMA data_version</c> is what it was then; this connection's own commits do not change
    /// it). Nobody else has used such a database, and
    /// its steps are quick (no rows to rewrite), so others wait for it briefly (their busy timeout) and then see it
    /// complete. In exclusive mode SQLite keeps the rollback journal between commits (its header zeroed and synced)
    /// instead of deleting it and creating it again with a sync of its folder at every commit: the same syncs of the
    /// data plus one of the header, fewer changes to the file system, about a tenth of the time of a 5-step new tenant
    /// on the benchmark's disk (docs/performance.md). <c>journal_mode</c> stays what it is; the journal is deleted
    /// when the connection closes (a process killed before leaves it with a zeroed header: not hot, ignored, reused
    /// by the next writer). The mode is set inside the transaction, once BEGIN IMMEDIATE holds the write lock: a
    /// connection in exclusive mode keeps even a read lock while it waits, and two such connections waiting on each
    /// other would fail instead of waiting; holding the write lock, this one never waits again. A single commit (one
    /// step, <c>--transaction per-database</c>) is never held: it would only add the header's sync.
    /// </summary>
    private bool ShouldHold() => _versionAtOpen is long atOpen && _committed && !_held && DataVersion() == atOpen;

    /// <summary>Called when a step transaction of this connection commits.</summary>
    internal void Committed() => _committed = true;

    public Task<ForeignKeyReport> CheckForeignKeysAsync(CancellationToken cancellationToken) =>
        Task.FromResult(CheckForeignKeys());

    // Not kept prepared like the statements above: SQLite compiles PRAGMA foreign_key_check for the tables that have
    // foreign keys when it is prepared. It runs on the connection's shared command, whose text changes between checks
    // (the block's statements run on it), so it is prepared again for each step; only the foreign-key retry runs the
    // same text twice in a row, unchanged schema in between.
    internal ForeignKeyReport CheckForeignKeys() => SqliteForeignKeys.Check(Command());

    /// <summary>A statement prepared once on this connection (for the statements each step runs).</summary>
    internal SqliteCommand Prepared(string sql)
    {
        if (!_prepared.TryGetValue(sql, out SqliteCommand? command))
        {
            command = _connection.CreateCommand();
            command.CommandText = sql;
            _prepared.Add(sql, command);
        }

        return command;
    }

    public Task<string?> BackupAsync(string? directory, string version, CancellationToken cancellationToken)
    {
        if (Scalar("PRAGMA page_count") is 0L)
        {
            return Task.FromResult<string?>(null); // an empty file: nothing to keep
        }

        string full = Path.GetFullPath(Target.Location);
        string folder = directory ?? Path.Combine(Path.GetDirectoryName(full)!, ApplyOptions.DefaultBackupFolderName);
        Directory.CreateDirectory(folder);
        string label = Target.Scope == Model.Scopes.System ? Path.GetFileNameWithoutExtension(full) : Target.Name;
        string stamp = DateTime.UtcNow.ToString("yyyyMMdd'T'HHmmssfff'Z'", CultureInfo.InvariantCulture);
        string file = Path.Combine(folder, $"{label}.{version}.{stamp}.db");
        // Unique per call: runners at the same time may back up the same database at the same version within the same
        // millisecond, and must not write into one another's copy (the second one failed with "database is locked").
        string partial = $"{file}.{Guid.NewGuid():N}.partial";

        // The backup API copies a consistent snapshot page by page, also while others write and in WAL mode,
        // where a file copy would miss what is still in the -wal file.
        try
        {
            using (var destination = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = partial, Pooling = false }.ToString()))
            {
                destination.Open();
                _connection.BackupDatabase(destination);
            }

            File.Move(partial, file, overwrite: true);
        }
        catch
        {
            // A backup that failed (a full disk, a folder that cannot be written) leaves nothing behind: only a killed
            // run, which cannot clean up, leaves a .partial file.
            RemoveQuietly(partial);
            RemoveQuietly(partial + "-journal");
            throw;
        }

        return Task.FromResult<string?>(file);
    }

    private static void RemoveQuietly(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // The backup's own error is the one to report.
        }
    }

    public Task<IReadOnlyList<string>> CheckIntegrityAsync(bool full, CancellationToken cancellationToken)
    {
        SqliteCommand command = Command(full ? "PRAGMA integrity_check" : "PRAGMA quick_check");
        var problems = new List<string>();
        using SqliteDataReader reader = command.ExecuteReader();
        while (reader.Read())
        {
            string line = reader.GetString(0);
            if (line != "ok") problems.Add(line);
        }

        return Task.FromResult<IReadOnlyList<string>>(problems);
    }

    public async IAsyncEnumerable<QueryRow> QueryAsync(string sql, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await Task.CompletedTask;
        using SqliteCommand command = _connection.CreateCommand();
        command.CommandText = sql;
        using SqliteDataReader reader = command.ExecuteReader();
        if (reader.FieldCount < 1)
        {
            yield break;
        }

        var columns = new string[reader.FieldCount];
        for (int i = 0; i < columns.Length; i++) columns[i] = reader.GetName(i);
        while (reader.Read())
        {
            cancellationToken.ThrowIfCancellationRequested();
            var values = new object?[columns.Length];
            for (int i = 0; i < values.Length; i++) values[i] = reader.IsDBNull(i) ? null : reader.GetValue(i);
            yield return new QueryRow(columns, values);
        }
    }

    /// <summary>Reads the schema: takes a shared lock, so SQLite looks for a hot journal and rolls it back if it may.</summary>
    internal void Probe() => Scalar("SELECT count(*) FROM main.sqlite_master");

    /// <summary>
    /// Inserts a journal row (inside a step's transaction), through SQLite's C API: one statement prepared once per
    /// connection with its parameters bound by position. Through a <see cref="SqliteCommand"/>, each insert looked its
    /// eight parameters up by name and checked every one of the statement's parameters for a value, about 0.03 ms more
    /// per step (measured in one process, alternating the two per database; see docs/performance.md). SQLite prepares
    /// the statement again by itself when a step has changed the schema.
    /// </summary>
    internal void RecordJournal(JournalEntry entry)
    {
        sqlite3 db = _connection.Handle!;
        if (_insert is null)
        {
            SqliteException.ThrowExceptionForRC(raw.sqlite3_prepare_v2(db, _dialect.Insert, out sqlite3_stmt prepared), db);
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

    /// <summary>The connection itself, for tests that change its limits.</summary>
    internal SqliteConnection Connection => _connection;

    /// <summary>Closes the connection (for the engine's own short-lived connections).</summary>
    public void Dispose()
    {
        _insert?.Dispose();
        _command?.Dispose();
        foreach (SqliteCommand command in _prepared.Values) command.Dispose();
        _prepared.Clear();
        _connection.Dispose();
    }

    private object? Scalar(string sql) => Command(sql).ExecuteScalar();

    private void Execute(string sql) => Command(sql).ExecuteNonQuery();

    /// <summary>
    /// The connection's one command for the statements that are not kept prepared (each statement of a block, the checks,
    /// PRAGMAs), with no parameters: Microsoft.Data.Sqlite tracks every command a connection creates until it closes, so
    /// one command whose text changes costs less than a command per statement. Its reader must be closed before its next use.
    /// </summary>
    internal SqliteCommand Command(string? sql = null)
    {
        _command ??= _connection.CreateCommand();
        _command.Parameters.Clear();
        if (sql is not null) _command.CommandText = sql;
        return _command;
    }

    public ValueTask DisposeAsync()
    {
        Dispose();
        return ValueTask.CompletedTask;
    }
}
