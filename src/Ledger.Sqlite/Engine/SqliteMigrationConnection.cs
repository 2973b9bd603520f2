using System.Runtime.CompilerServices;
using Ledger.Execution;
using Ledger.Journal;
using Ledger.Planning;
using Microsoft.Data.Sqlite;

namespace Ledger.Sqlite.Engine;

/// <summary>
/// An open SQLite database: runs a plan's statements (<see cref="ExecuteAsync"/>) and reads the journal. Its jobs
/// live beside it: the journal (<see cref="SqliteJournalStore"/>), holding a new database
/// (<see cref="NewDatabaseLock"/>), the backup and the checks (the engine's capabilities). Microsoft.Data.Sqlite is
/// synchronous underneath, so the async methods complete at once.
/// </summary>
internal sealed class SqliteMigrationConnection : IMigrationConnection, IDisposable
{
    private readonly SqliteConnection _connection;

    // What every step runs (BEGIN, PRAGMA data_version, the journal's read, COMMIT, ROLLBACK), prepared once per
    // connection instead of parsed again for each step; keyed by SQL text.
    private readonly Dictionary<string, SqliteCommand> _prepared = new(StringComparer.Ordinal);

    // For every other statement (see Command).
    private SqliteCommand? _command;

    // A no-transaction step's session lock, and how long to wait for it.
    private readonly SessionFileLock _sessionLock = new();
    private readonly TimeSpan _busyTimeout;

    /// <param name="target">The database.</param>
    /// <param name="connection">Its open connection (owned).</param>
    /// <param name="dialect">The journal's SQL.</param>
    /// <param name="emptyAtOpen">The file was empty (0 bytes) when opened: it has no journal to read yet.</param>
    /// <param name="busyTimeout">How long to wait for another run's session lock (a no-transaction step's).</param>
    public SqliteMigrationConnection(DatabaseTarget target, SqliteConnection connection, SqliteJournalDialect dialect, bool emptyAtOpen, TimeSpan busyTimeout)
    {
        Target = target;
        _busyTimeout = busyTimeout;
        _connection = connection;
        Journal = new SqliteJournalStore(this, dialect, emptyAtOpen);
        Lock = new NewDatabaseLock(this);
    }

    public DatabaseTarget Target { get; }

    /// <summary>The journal: reading it, and the insert through SQLite's C API.</summary>
    internal SqliteJournalStore Journal { get; }

    /// <summary>Whether this connection holds a new database between its steps.</summary>
    internal NewDatabaseLock Lock { get; }

    /// <summary>The connection itself (for the backup, and tests that change its limits or trace it).</summary>
    internal SqliteConnection Connection => _connection;

    /// <summary>The engine's connection behind <paramref name="connection"/> (which may wrap it).</summary>
    /// <exception cref="ArgumentException">It is another engine's.</exception>
    internal static SqliteMigrationConnection Of(IMigrationConnection connection) =>
        connection.TryGet<SqliteMigrationConnection>() ?? throw new ArgumentException($"{connection.Target} is not open on SQLite", nameof(connection));

    public Task<JournalState> ReadJournalAsync(CancellationToken cancellationToken) => Task.FromResult(Journal.Read());

    public Task<JournalState?> ReadJournalIfChangedAsync(CancellationToken cancellationToken) => Task.FromResult(Journal.ReadIfChanged());

    public Task ExecuteAsync(PlanStatement statement, CancellationToken cancellationToken)
    {
        try
        {
            switch (statement.Kind)
            {
                case StatementKind.SessionLock:
                    _sessionLock.Take(SqliteJournalDialect.SessionLockFile(Target.Location), _busyTimeout, cancellationToken);
                    break;
                case StatementKind.SessionUnlock:
                    _sessionLock.Release();
                    Journal.Committed(); // the step's statements committed on their own: its journal table exists now
                    break;
                default:
                    Execute(statement);
                    break;
            }
        }
        catch (SqliteException e) when (DescriptorLimit.Explain(e) is { } explained)
        {
            throw explained; // BEGIN, or a step's first write, opens the rollback journal: a file descriptor more
        }

        return Task.CompletedTask;
    }

    private void Execute(PlanStatement statement)
    {
        switch (statement.Kind)
        {
            case StatementKind.Begin:
                Prepared(statement.Sql).ExecuteNonQuery();
                try
                {
                    Lock.AfterBegin();
                }
                catch
                {
                    RollBackQuietly();
                    throw;
                }

                break;
            case StatementKind.Commit:
                Prepared(statement.Sql).ExecuteNonQuery();
                Journal.Committed();
                Lock.Committed();
                break;
            case StatementKind.Rollback:
                Prepared(statement.Sql).ExecuteNonQuery();
                break;
            case StatementKind.JournalInsert when statement.Entry is { } entry:
                Journal.Record(entry);
                break;
            default:
                Command(statement.Sql).ExecuteNonQuery();
                break;
        }
    }

    private void RollBackQuietly()
    {
        try
        {
            Prepared("ROLLBACK").ExecuteNonQuery();
        }
        catch (SqliteException)
        {
            // SQLite already rolled back: nothing is left to undo.
        }
    }

    /// <summary>
    /// <c>PRAGMA data_version</c>: changes when another connection commits to the database, and only then (not for
    /// this connection's own commits).
    /// </summary>
    internal long DataVersion() => (long)Prepared("PRAGMA data_version").ExecuteScalar()!;

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

    internal object? Scalar(string sql) => Command(sql).ExecuteScalar();

    public async IAsyncEnumerable<QueryRow> QueryAsync(string sql, Func<IReadOnlyList<string>, IReadOnlyList<int>> read,
        [EnumeratorCancellation] CancellationToken cancellationToken)
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
        int[] wanted = [0, .. read(columns)];
        while (reader.Read())
        {
            cancellationToken.ThrowIfCancellationRequested();
            var values = new object?[columns.Length];
            foreach (int i in wanted) values[i] = reader.IsDBNull(i) ? null : reader.GetValue(i);
            yield return new QueryRow(columns, values);
        }
    }

    /// <summary>Reads the schema: takes a shared lock, so SQLite looks for a hot journal and rolls it back if it may.</summary>
    internal void Probe() => Scalar("SELECT count(*) FROM main.sqlite_master");

    /// <summary>Closes the connection (for the engine's own short-lived connections).</summary>
    public void Dispose()
    {
        _sessionLock.Dispose();
        Journal.Dispose();
        _command?.Dispose();
        foreach (SqliteCommand command in _prepared.Values) command.Dispose();
        _prepared.Clear();
        _connection.Dispose();
    }

    public ValueTask DisposeAsync()
    {
        Dispose();
        return ValueTask.CompletedTask;
    }
}
