using Ledger.Execution;
using Ledger.Journal;
using Ledger.Planning;
using Ledger.Sqlite.Engine;

namespace Ledger.Sqlite.Tests.Engine;

/// <summary>
/// The real SQLite engine with hooks, to provoke what happens between the engine's calls: another runner moving a
/// database between the plan and the step's transaction, or a database that runs out of room. Every call still goes
/// to the real engine and the real files.
/// </summary>
internal sealed class HookedEngine(SqliteEngine inner) : IDatabaseEngine
{
    public string Name => inner.Name;

    /// <summary>Runs after a read-write connection is opened, with the open connection.</summary>
    public Func<IMigrationConnection, Task>? AfterOpen { get; init; }

    /// <summary>Runs before a database is opened read-only (plan, status, verify, rollback's planning).</summary>
    public Func<DatabaseTarget, Task>? BeforeOpenReadOnly { get; init; }

    /// <summary>Runs before each step's transaction is begun.</summary>
    public Func<DatabaseTarget, Task>? BeforeBeginStep { get; init; }

    /// <summary>Runs before the session lock (a no-transaction step's, or the wait for another run's) is taken.</summary>
    public Func<DatabaseTarget, Task>? BeforeSessionLock { get; init; }

    public IJournalDialect Dialect => inner.Dialect;

    public T? TryGet<T>() where T : class => this as T ?? inner.TryGet<T>();
    public global::Ledger.Targets.ITargetResolver Targets => inner.Targets;

    public Task<bool> ExistsAsync(DatabaseTarget target, CancellationToken cancellationToken) => inner.ExistsAsync(target, cancellationToken);

    public async Task<IMigrationConnection> OpenAsync(DatabaseTarget target, bool create, CancellationToken cancellationToken)
    {
        IMigrationConnection connection = await inner.OpenAsync(target, create, cancellationToken);
        if (AfterOpen is not null) await AfterOpen(connection);
        return new HookedConnection(connection, this);
    }

    public async Task<IMigrationConnection> OpenReadOnlyAsync(DatabaseTarget target, CancellationToken cancellationToken)
    {
        if (BeforeOpenReadOnly is not null) await BeforeOpenReadOnly(target);
        return await inner.OpenReadOnlyAsync(target, cancellationToken);
    }

    private sealed class HookedConnection(IMigrationConnection inner, HookedEngine engine) : IMigrationConnection
    {
        public DatabaseTarget Target => inner.Target;

        public Task<JournalState> ReadJournalAsync(CancellationToken cancellationToken) => inner.ReadJournalAsync(cancellationToken);

        public Task<JournalState?> ReadJournalIfChangedAsync(CancellationToken cancellationToken) => inner.ReadJournalIfChangedAsync(cancellationToken);

        public async Task ExecuteAsync(PlanStatement statement, CancellationToken cancellationToken)
        {
            if (statement.Kind == StatementKind.Begin && engine.BeforeBeginStep is not null) await engine.BeforeBeginStep(inner.Target);
            if (statement.Kind == StatementKind.SessionLock && engine.BeforeSessionLock is not null) await engine.BeforeSessionLock(inner.Target);
            await inner.ExecuteAsync(statement, cancellationToken);
        }

        public T? TryGet<T>() where T : class => this as T ?? inner.TryGet<T>();

        public IAsyncEnumerable<QueryRow> QueryAsync(string sql, Func<IReadOnlyList<string>, IReadOnlyList<int>> read, CancellationToken cancellationToken) =>
            inner.QueryAsync(sql, read, cancellationToken);

        public ValueTask DisposeAsync() => inner.DisposeAsync();
    }
}
