using Ledger.Execution;
using Ledger.Journal;
using Microsoft.Data.Sqlite;

namespace Ledger.Sqlite.Engine;

/// <summary>A step's transaction on SQLite: rolled back unless committed.</summary>
internal sealed class SqliteStepTransaction : IStepTransaction, IDisposable
{
    private readonly SqliteMigrationConnection _owner;
    private readonly SqliteJournalDialect _dialect;
    private bool _done;

    public SqliteStepTransaction(SqliteMigrationConnection owner, SqliteJournalDialect dialect)
    {
        _owner = owner;
        _dialect = dialect;
    }

    // The journal table exists here: it was created at BEGIN when it was not known to exist.
    public Task<JournalState> ReadJournalAsync(CancellationToken cancellationToken) =>
        Task.FromResult(_owner.ReadJournal(out _));

    public Task<JournalState?> ReadJournalIfChangedAsync(CancellationToken cancellationToken) =>
        Task.FromResult(_owner.ReadJournalIfChanged());

    public Task ExecuteAsync(string sql, CancellationToken cancellationToken)
    {
        try
        {
            Execute(sql);
        }
        catch (SqliteException e) when (DescriptorLimit.Explain(e) is { } explained)
        {
            throw explained; // the step's first write opens the rollback journal: a file descriptor more
        }

        return Task.CompletedTask;
    }

    internal void Execute(string sql) => _owner.Command(sql).ExecuteNonQuery();

    public Task<ForeignKeyReport> CheckForeignKeysAsync(CancellationToken cancellationToken) =>
        Task.FromResult(_owner.CheckForeignKeys());

    public Task RecordAsync(JournalEntry entry, CancellationToken cancellationToken)
    {
        _owner.RecordJournal(entry);
        return Task.CompletedTask;
    }

    public Task RemoveAsync(string scope, string from, string to, CancellationToken cancellationToken)
    {
        SqliteCommand delete = _owner.Command(_dialect.Delete);
        delete.Parameters.AddWithValue("$scope", scope);
        delete.Parameters.AddWithValue("$from", from);
        delete.Parameters.AddWithValue("$to", to);
        delete.ExecuteNonQuery();
        return Task.CompletedTask;
    }

    public Task CommitAsync(CancellationToken cancellationToken)
    {
        _owner.Prepared(_dialect.Commit).ExecuteNonQuery();
        _done = true;
        _owner.JournalExists = true;
        _owner.Committed();
        return Task.CompletedTask;
    }

    public void Dispose()
    {
        if (!_done)
        {
            _done = true;
            try
            {
                _owner.Prepared("ROLLBACK").ExecuteNonQuery();
            }
            catch (SqliteException)
            {
                // SQLite already rolled back (e.g. after SQLITE_FULL or an interrupt): nothing is left to undo.
            }
        }
    }

    public ValueTask DisposeAsync()
    {
        Dispose();
        return ValueTask.CompletedTask;
    }
}
