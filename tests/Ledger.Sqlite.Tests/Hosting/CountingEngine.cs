using Ledger.Execution;
using Ledger.Journal;
using Ledger.Planning;
using Ledger.Sqlite.Engine;

namespace Ledger.Sqlite.Tests.Hosting;

/// <summary>The real SQLite engine, counting what reaches the database: journal reads, step transactions, opens.</summary>
internal sealed class CountingEngine(SqliteEngine inner) : IDatabaseEngine
{
    public string Name => inner.Name;

    private readonly List<JournalState> _journalsRead = [];
    private int _journalReads;
    private int _steps;
    private int _opens;

    public int JournalReads => Volatile.Read(ref _journalReads);

    public int Steps => Volatile.Read(ref _steps);

    public int Opens => Volatile.Read(ref _opens);

    /// <summary>Every journal read from a database (when opened, and again inside a step when another runner had written), in order.</summary>
    public IReadOnlyList<JournalState> JournalsRead
    {
        get
        {
            lock (_journalsRead) return [.. _journalsRead];
        }
    }

    private JournalState? Read(JournalState? journal)
    {
        if (journal is not null) lock (_journalsRead) _journalsRead.Add(journal);
        return journal;
    }

    public void Reset()
    {
        Interlocked.Exchange(ref _journalReads, 0);
        Interlocked.Exchange(ref _steps, 0);
        Interlocked.Exchange(ref _opens, 0);
        lock (_journalsRead) _journalsRead.Clear();
    }

    public IJournalDialect Dialect => inner.Dialect;

    public T? TryGet<T>() where T : class => this as T ?? inner.TryGet<T>();
    public global::Ledger.Targets.ITargetResolver Targets => inner.Targets;

    public Task<bool> ExistsAsync(DatabaseTarget target, CancellationToken cancellationToken) => inner.ExistsAsync(target, cancellationToken);

    public async Task<IMigrationConnection> OpenAsync(DatabaseTarget target, bool create, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _opens);
        return new Counting(await inner.OpenAsync(target, create, cancellationToken), this);
    }

    public async Task<IMigrationConnection> OpenReadOnlyAsync(DatabaseTarget target, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _opens);
        return new Counting(await inner.OpenReadOnlyAsync(target, cancellationToken), this);
    }

    private sealed class Counting(IMigrationConnection inner, CountingEngine engine) : IMigrationConnection
    {
        public DatabaseTarget Target => inner.Target;

        public async Task<JournalState> ReadJournalAsync(CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref engine._journalReads);
            return engine.Read(await inner.ReadJournalAsync(cancellationToken))!;
        }

        public async Task<JournalState?> ReadJournalIfChangedAsync(CancellationToken cancellationToken) =>
            engine.Read(await inner.ReadJournalIfChangedAsync(cancellationToken));

        public Task ExecuteAsync(PlanStatement statement, CancellationToken cancellationToken)
        {
            if (statement.Kind == StatementKind.Begin) Interlocked.Increment(ref engine._steps);
            return inner.ExecuteAsync(statement, cancellationToken);
        }

        public T? TryGet<T>() where T : class => this as T ?? inner.TryGet<T>();

        public IAsyncEnumerable<QueryRow> QueryAsync(string sql, Func<IReadOnlyList<string>, IReadOnlyList<int>> read, CancellationToken cancellationToken) =>
            inner.QueryAsync(sql, read, cancellationToken);

        public ValueTask DisposeAsync() => inner.DisposeAsync();
    }
}
