using Ledger.Execution;
using Ledger.Journal;
using Ledger.Planning;
using Ledger.Sqlite.Engine;

namespace Ledger.Sqlite.Tests.Engine;

/// <summary>
/// One step's transaction driven by hand through the engine's statements, as the migrator's plan runs them: the
/// session setup, BEGIN, the journal table, then what the test runs, then COMMIT (or ROLLBACK when disposed without it).
/// </summary>
internal sealed class TestStep : IAsyncDisposable
{
    private static readonly SqliteJournalDialect Dialect = new();
    private readonly IMigrationConnection _connection;
    private bool _done;

    private TestStep(IMigrationConnection connection) => _connection = connection;

    public static async Task<TestStep> BeginAsync(IMigrationConnection connection)
    {
        foreach (string setup in Dialect.SessionSetup(connection.Target)) await connection.ExecuteAsync(new PlanStatement(StatementKind.SessionSetup, setup), CancellationToken.None);
        await connection.ExecuteAsync(new PlanStatement(StatementKind.Begin, Dialect.Begin), CancellationToken.None);
        var step = new TestStep(connection);
        await step.RunAsync(StatementKind.CreateJournal, Dialect.CreateTable);
        return step;
    }

    public Task<JournalState?> ReadJournalIfChangedAsync() => _connection.ReadJournalIfChangedAsync(CancellationToken.None);

    public Task ExecuteAsync(string sql) => RunAsync(StatementKind.Block, sql);

    public Task RecordAsync(JournalEntry entry) =>
        _connection.ExecuteAsync(new PlanStatement(StatementKind.JournalInsert, Dialect.Insert, entry), CancellationToken.None);

    public async Task CommitAsync()
    {
        await RunAsync(StatementKind.Commit, Dialect.Commit);
        _done = true;
    }

    private Task RunAsync(StatementKind kind, string sql) => _connection.ExecuteAsync(new PlanStatement(kind, sql), CancellationToken.None);

    public async ValueTask DisposeAsync()
    {
        if (_done) return;
        _done = true;
        try
        {
            await RunAsync(StatementKind.Rollback, Dialect.Rollback);
        }
        catch (Microsoft.Data.Sqlite.SqliteException)
        {
            // Already rolled back by SQLite.
        }
    }
}
