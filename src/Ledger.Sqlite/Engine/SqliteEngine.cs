using Ledger.Execution;
using Ledger.Journal;
using Microsoft.Data.Sqlite;

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

    /// <summary>How long a step waits for another writer before it fails with "database is locked".</summary>
    public TimeSpan BusyTimeout { get; }

    /// <inheritdoc />
    public IJournalDialect Dialect => SqliteDialect;

    internal SqliteJournalDialect SqliteDialect { get; } = new();

    /// <inheritdoc />
    public bool Exists(DatabaseTarget target) => File.Exists(target.Location);

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
    public Task<IMigrationConnection> OpenReadOnlyAsync(DatabaseTarget target, CancellationToken cancellationToken) =>
        Task.FromResult<IMigrationConnection>(Open(target, SqliteOpenMode.ReadOnly));

    private SqliteMigrationConnection Open(DatabaseTarget target, SqliteOpenMode mode)
    {
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
            using SqliteCommand busy = connection.CreateCommand();
            busy.CommandText = $"PRAGMA busy_timeout = {(long)BusyTimeout.TotalMilliseconds}";
            busy.ExecuteNonQuery();
        }
        catch
        {
            connection.Dispose();
            throw;
        }

        return new SqliteMigrationConnection(target, connection, SqliteDialect, empty);
    }
}
