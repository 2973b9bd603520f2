using Ledger.Execution;
using Ledger.Journal;
using Ledger.Sqlite.Targets;
using Ledger.Targets;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace Ledger.Sqlite.Engine;

/// <summary>
/// SQLite databases as files. Connections are not pooled (thousands of tenant files must not stay open), wait for
/// other writers up to the busy timeout, and leave the journal mode and <c>synchronous</c> as the database has them.
/// </summary>
public sealed class SqliteEngine : IDatabaseEngine
{
    /// <summary>Creates an engine.</summary>
    /// <param name="busyTimeout">How long to wait for another writer's lock.</param>
    public SqliteEngine(TimeSpan? busyTimeout = null)
    {
        BusyTimeout = busyTimeout ?? TimeSpan.FromSeconds(30);
    }

    /// <inheritdoc />
    public string Name => "sqlite";

    /// <summary>How long a step waits for another writer before it fails with "database is locked".</summary>
    public TimeSpan BusyTimeout { get; }

    /// <inheritdoc />
    public IJournalDialect Dialect => SqliteDialect;

    /// <inheritdoc />
    public ITargetResolver Targets { get; } = new SqliteTargetResolver();

    internal SqliteJournalDialect SqliteDialect { get; } = new();

    private static readonly SqliteForeignKeyVerification Verification = new();
    private static readonly SqliteIntegrityCheck Integrity = new();
    private static readonly SqliteBackup Backup = new();
    private static readonly SqliteJournalUpgrade JournalUpgrade = new();
    private static readonly SqliteWriteAccess WriteAccess = new();
    private static readonly SqliteQuerySyntax QuerySyntax = new();

    /// <inheritdoc />
    /// <remarks>
    /// The foreign-key check before each commit, <c>quick_check</c>/<c>integrity_check</c>, the online backup, and
    /// <see cref="Ledger.Sql.SqlScript"/>'s statement splitting (which follows SQLite's own rules), SQLite's lint rules, and
    /// the rebuild of a history table made before <c>started</c> rows (<see cref="SqliteJournalUpgrade"/>), and the check that a
    /// database and its folder can be written before the first change (<see cref="SqliteWriteAccess"/>), and the parse of a set's query (<see cref="SqliteQuerySyntax"/>), and what its errors mean (<see cref="SqliteErrors"/>), and how many databases the process's limit of open files leaves room for (<see cref="SqliteOpenFiles"/>).
    /// </remarks>
    public T? TryGet<T>() where T : class =>
        Verification as T ?? Integrity as T ?? Backup as T ?? Ledger.Sql.SqlScript.Splitter as T ?? Linting.SqliteLintRules.Instance as T ?? JournalUpgrade as T ??
        WriteAccess as T ?? QuerySyntax as T ?? SqliteErrors.Instance as T ?? SqliteOpenFiles.Instance as T;

    /// <inheritdoc />
    /// <remarks>
    /// Anything at the path counts, symbolic links followed: a directory, FIFO or device there is not a missing
    /// database (to be created or skipped) but one that fails when opened, by name.
    /// </remarks>
    public Task<bool> ExistsAsync(DatabaseTarget target, CancellationToken cancellationToken) =>
        Task.FromResult(DatabaseFile.KindOf(target.Location) != DatabaseFile.Kind.Missing);

    /// <inheritdoc />
    public Task<IMigrationConnection> OpenAsync(DatabaseTarget target, bool create, CancellationToken cancellationToken)
    {
        if (create && Path.GetDirectoryName(Path.GetFullPath(target.Location)) is { } dir)
        {
            Directory.CreateDirectory(dir);
        }

        return Task.FromResult<IMigrationConnection>(Open(target, create ? SqliteOpenMode.ReadWriteCreate : SqliteOpenMode.ReadWrite));
    }

    /// <inheritdoc />
    public Task<IMigrationConnection> OpenReadOnlyAsync(DatabaseTarget target, CancellationToken cancellationToken)
    {
        SqliteMigrationConnection connection = Open(target, SqliteOpenMode.ReadOnly);
        if (!HasHotJournal(connection))
        {
            return Task.FromResult<IMigrationConnection>(connection);
        }

        // A run killed in the middle of a step left a hot rollback journal, which a read-only connection cannot roll
        // back ("attempt to write a readonly database"). Rolling it back restores the last committed state — what any
        // next writer (or the sqlite3 shell) does first — and changes no committed data; then read as asked.
        connection.Dispose();
        using (SqliteMigrationConnection recovery = Open(target, SqliteOpenMode.ReadWrite))
        {
            recovery.Probe();
        }

        return Task.FromResult<IMigrationConnection>(Open(target, SqliteOpenMode.ReadOnly));
    }

    /// <summary>True when reading needs a hot journal rolled back first (SQLITE_READONLY_ROLLBACK).</summary>
    private static bool HasHotJournal(SqliteMigrationConnection connection)
    {
        const int ReadOnlyRollback = 8 | (3 << 8);
        try
        {
            connection.Probe();
            return false;
        }
        catch (SqliteException e) when (e.SqliteExtendedErrorCode == ReadOnlyRollback)
        {
            return true;
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    private SqliteMigrationConnection Open(DatabaseTarget target, SqliteOpenMode mode)
    {
        DatabaseFile.EnsureRegularOrMissing(target.Location);
        var builder = new SqliteConnectionStringBuilder
        {
            DataSource = target.Location,
            Mode = mode,
            Pooling = false,
            DefaultTimeout = (int)Math.Ceiling(BusyTimeout.TotalSeconds),
        };
        var file = new FileInfo(target.Location);
        bool empty = !file.Exists || file.Length == 0;
        var connection = new SqliteConnection(builder.ToString());
        try
        {
            connection.Open();
            // What PRAGMA busy_timeout sets, without preparing a statement per database (Microsoft.Data.Sqlite's own
            // timeout is in whole seconds).
            SqliteException.ThrowExceptionForRC(
                raw.sqlite3_busy_timeout(connection.Handle, (int)Math.Min(int.MaxValue, (long)BusyTimeout.TotalMilliseconds)), connection.Handle);
        }
        catch (SqliteException e) when (DescriptorLimit.Explain(e) is { } explained)
        {
            connection.Dispose();
            throw explained;
        }
        catch
        {
            connection.Dispose();
            throw;
        }

        return new SqliteMigrationConnection(target, connection, SqliteDialect, empty, BusyTimeout);
    }
}
