using System.Data.Common;
using Ledger.Execution;
using Ledger.Journal;
using Ledger.Model;
using Ledger.Planning;
using Ledger.Versions;
using Microsoft.Extensions.Logging.Abstractions;

namespace Ledger.Tests.Execution;

/// <summary>
/// An engine that accepts a transaction's block statements and sends them later, together (PostgreSQL's, to save round
/// trips), reports a failure of one of them from a later call as a <see cref="DeferredStatementException"/>: the
/// migrator reports it as that statement's failure (its text and line), wherever it surfaced, and the step is rolled back.
/// </summary>
[TestClass]
public sealed class DeferredStatementTests
{
    private static readonly string Ledger = string.Concat(
        RecordingEngineTests.Fenced("baseline", "1.0.0", "CREATE TABLE a (id INTEGER);"),
        RecordingEngineTests.Fenced("1.0.0", "1.1.0", "CREATE TABLE b (id INTEGER);\nINSERT INTO b VALUES (1);\nCREATE TABLE c (id INTEGER);"),
        RecordingEngineTests.Fenced("1.1.0", "1.2.0", "CREATE TABLE d (id INTEGER);"));

    [TestMethod]
    [DataRow(TransactionMode.PerStep)]
    [DataRow(TransactionMode.PerDatabase)]
    public async Task AStatementThatFailsWhenSentLaterIsReportedAsItselfWithItsLine(TransactionMode mode)
    {
        var recording = new RecordingEngine { FailOn = sql => sql.StartsWith("INSERT INTO b", StringComparison.Ordinal) };
        var engine = new DeferringEngine(recording);

        DatabaseResult result = await new DatabaseMigrator(engine, NullLogger.Instance, TimeProvider.System).MigrateAsync(RecordingEngineTests.Alice,
            RecordingEngineTests.SetOf(Ledger), SemVersion.Parse("1.2.0"), new ApplyOptions { TransactionMode = mode }, create: true, CancellationToken.None);

        Assert.AreEqual(DatabaseOutcome.Failed, result.Outcome, result.Describe());
        Assert.AreEqual("1.0.0→1.1.0", result.Failure!.Edge);
        StringAssert.StartsWith(result.Failure.Statement, "INSERT INTO b");
        Assert.AreEqual(LedgerText.LineOf(Ledger, "INSERT INTO b"), result.Failure.Location!.Line, "the failing statement's own line, not the call it surfaced in");
        Assert.IsTrue(engine.Deferred > 0, "the failure surfaced in a later call");
        Assert.IsFalse(recording.Database(RecordingEngineTests.Alice.Location).Rows.Any(r => r.To == "1.1.0"), "the step is not recorded");
    }

    /// <summary>The recording engine behind a connection that holds a transaction's block statements until the next other statement.</summary>
    private sealed class DeferringEngine(RecordingEngine inner) : IDatabaseEngine
    {
        public int Deferred { get; private set; }

        public string Name => inner.Name;

        public IJournalDialect Dialect => inner.Dialect;

        public Ledger.Targets.ITargetResolver Targets => inner.Targets;

        // No capabilities: the recording engine's checks read its own connection type.
        public T? TryGet<T>() where T : class => null;

        public Task<bool> ExistsAsync(DatabaseTarget target, CancellationToken cancellationToken) => inner.ExistsAsync(target, cancellationToken);

        public async Task<IMigrationConnection> OpenAsync(DatabaseTarget target, bool create, CancellationToken cancellationToken) =>
            new Connection(this, await inner.OpenAsync(target, create, cancellationToken));

        public Task<IMigrationConnection> OpenReadOnlyAsync(DatabaseTarget target, CancellationToken cancellationToken) => inner.OpenReadOnlyAsync(target, cancellationToken);

        private sealed class Connection(DeferringEngine engine, IMigrationConnection inner) : IMigrationConnection
        {
            private readonly List<PlanStatement> _held = [];
            private bool _open;

            public DatabaseTarget Target => inner.Target;

            public Task<JournalState> ReadJournalAsync(CancellationToken cancellationToken) => inner.ReadJournalAsync(cancellationToken);

            public Task<JournalState?> ReadJournalIfChangedAsync(CancellationToken cancellationToken) => inner.ReadJournalIfChangedAsync(cancellationToken);

            public IAsyncEnumerable<QueryRow> QueryAsync(string sql, Func<IReadOnlyList<string>, IReadOnlyList<int>> read, CancellationToken cancellationToken) =>
                inner.QueryAsync(sql, read, cancellationToken);

            public async Task ExecuteAsync(PlanStatement statement, CancellationToken cancellationToken)
            {
                if (statement.Kind == StatementKind.Block && _open)
                {
                    _held.Add(statement);
                    return;
                }

                if (statement.Kind == StatementKind.Rollback) _held.Clear();
                foreach (PlanStatement held in _held)
                {
                    try
                    {
                        await inner.ExecuteAsync(held, cancellationToken);
                    }
                    catch (DbException e)
                    {
                        engine.Deferred++;
                        _held.Clear();
                        throw new DeferredStatementException(held, e);
                    }
                }

                _held.Clear();
                if (statement.Kind == StatementKind.Begin) _open = true;
                if (statement.Kind is StatementKind.Commit or StatementKind.Rollback) _open = false;
                await inner.ExecuteAsync(statement, cancellationToken);
            }

            public ValueTask DisposeAsync() => inner.DisposeAsync();
        }
    }
}
