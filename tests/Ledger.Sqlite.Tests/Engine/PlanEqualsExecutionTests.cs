using System.Text.RegularExpressions;
using Ledger.Execution;
using Ledger.Inspection;
using Ledger.Model;
using Ledger.Planning;
using Ledger.Sql;
using Ledger.Sqlite.Engine;
using Ledger.Testing;
using Ledger.Versions;
using Microsoft.Extensions.Logging.Abstractions;
using SQLitePCL;

namespace Ledger.Sqlite.Tests.Engine;

/// <summary>
/// What <c>plan --format sql</c> prints is what <c>apply</c> runs: the same database is planned by the code the command
/// prints it with (<see cref="LedgerInspector"/>'s inspection, then
/// <see cref="LedgerInspector.Script"/>: the engine of its scope, the transaction mode and <c>--full-check</c>), then applied
/// with SQLite's trace hook on the engine's own connection, so every statement that reaches SQLite is seen, however it
/// got there (prepared, through the C API, from a capability). The two lists must be equal, statement by statement.
/// </summary>
/// <remarks>
/// The rule for what the plan does not print, stated once: the engine's own reads and its lock heuristic, which
/// depend on what other connections did and change nothing — <c>PRAGMA data_version</c>, the journal's
/// <c>SELECT</c>, whether an old journal table must be rebuilt (its definition in <c>sqlite_master</c>),
/// <c>PRAGMA locking_mode = EXCLUSIVE</c> (holding a new database), <c>PRAGMA page_count</c> (the backup, which is not
/// SQL) — and what SQLite traces as a comment: the statements a trigger runs (<c>-- UPDATE …</c>). Both sides are compared without a
/// trailing <c>;</c>, and the journal insert's <c>applied_at</c> and <c>duration_ms</c>, known only when the step has
/// run, are compared as the plan prints them.
/// </remarks>
[TestClass]
public sealed class PlanEqualsExecutionTests
{
    private const string Ledger = """
        # Plan equals execution

        ### 1.0.0

        ```sql
        -- [system:baseline→1.0.0:start]
        CREATE TABLE owners (id INTEGER PRIMARY KEY, name TEXT NOT NULL);
        CREATE TABLE pets (id INTEGER PRIMARY KEY, owner INTEGER REFERENCES owners(id));
        INSERT INTO owners VALUES (1, 'it''s me');
        -- [system:baseline→1.0.0:end]
        ```

        ### 1.1.0

        ```sql
        -- [system:1.0.0→1.1.0:start]
        INSERT INTO pets VALUES (1, 1);
        CREATE TRIGGER pets_named AFTER INSERT ON pets BEGIN
            UPDATE owners SET name = name || '!' WHERE id = new.owner;
        END;
        INSERT INTO pets VALUES (2, 1);
        -- [system:1.0.0→1.1.0:end]
        ```

        ### 1.2.0

        Nothing for the system database in this step.

        ```sql
        -- [user:1.1.0→1.2.0:start]
        CREATE TABLE notes (id INTEGER PRIMARY KEY);
        -- [user:1.1.0→1.2.0:end]
        ```

        ### 1.3.0

        ```sql
        -- [system:1.2.0→1.3.0:start]
        ALTER TABLE owners ADD COLUMN email TEXT;
        -- [system:1.2.0→1.3.0:end]
        ```

        ### 1.4.0

        Outside a transaction: a lock file, a started row naming each statement, each statement on its own.

        ```sql
        -- [system:1.3.0→1.4.0:start]
        -- ledger:no-transaction
        CREATE INDEX IF NOT EXISTS owners_name ON owners(name);
        VACUUM;
        -- [system:1.3.0→1.4.0:end]
        ```

        ### 1.5.0

        ```sql
        -- [system:1.4.0→1.5.0:start]
        CREATE TABLE after_vacuum (id INTEGER PRIMARY KEY);
        -- [system:1.4.0→1.5.0:end]
        ```
        """;

    private static readonly Regex TraceOnly = new(
        @"^(PRAGMA data_version|PRAGMA page_count|PRAGMA locking_mode = EXCLUSIVE|SELECT scope, from_version, to_version, checksum, title, applied_at, duration_ms, kind FROM main\.ledger_history|SELECT sql FROM main\.sqlite_master WHERE type = 'table' AND name = 'ledger_history'|-- .*)$",
        RegexOptions.Singleline);

    // The run's values as the plan prints them: a journal row's time '2026-12-07T01:02:03.456Z' → strftime(…), and the
    // duration of a row that is not started (an insert's ", 12, 'applied')", an update's "duration_ms = 12, kind = 'applied'")
    // → 0. A started row's duration is the number of the statement about to run, in the plan as in the run.
    private static readonly Regex RunTime = new(@"'\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z'");
    private static readonly Regex RunDuration = new(@"(, |duration_ms = )\d+(, (?:kind = )?'(?:applied|empty)')");

    private static string AsPlanned(string sql) =>
        RunDuration.Replace(RunTime.Replace(StatementLists.Normal(sql), "strftime('%Y-%m-%dT%H:%M:%fZ', 'now')"), "${1}0$2");

    [TestMethod]
    [DataRow(TransactionMode.PerStep, false, false)]
    [DataRow(TransactionMode.PerStep, true, false)]
    [DataRow(TransactionMode.PerDatabase, false, false)]
    [DataRow(TransactionMode.PerDatabase, true, false)]
    [DataRow(TransactionMode.PerStep, true, true)]
    [DataRow(TransactionMode.PerDatabase, false, true)]
    public async Task ApplyRunsExactlyTheStatementsPlanPrints(TransactionMode mode, bool history, bool fullCheck)
    {
        using var ws = new TestWorkspace();
        MigrationSet set = TestWorkspace.Load(Ledger);
        if (history)
        {
            DatabaseResult first = await new DatabaseMigrator(new SqliteEngine(), NullLogger.Instance, TimeProvider.System)
                .MigrateAsync(ws.System, set, SemVersion.Parse("1.0.0"), new ApplyOptions { Backup = false }, create: true, CancellationToken.None);
            Assert.AreEqual(DatabaseOutcome.Migrated, first.Outcome, first.Describe());
        }

        List<string> planned = await PlannedAsync(ws, set, mode, fullCheck);
        var engine = new TracingEngine(new SqliteEngine());
        DatabaseResult result = await new DatabaseMigrator(engine, NullLogger.Instance, TimeProvider.System)
            .MigrateAsync(ws.System, set, SemVersion.Parse("1.5.0"), new ApplyOptions { TransactionMode = mode, Backup = history, FullCheck = fullCheck },
                create: true, CancellationToken.None);

        Assert.AreEqual(DatabaseOutcome.Migrated, result.Outcome, result.Describe());
        List<string> ran = [.. engine.Traced.Where(s => !TraceOnly.IsMatch(s)).Select(AsPlanned)];
        Assert.IsTrue(ran.Count > 10, $"the trace saw the run: {string.Join("\n", engine.Traced)}");
        CollectionAssert.AreEqual(planned, ran, StatementLists.Difference(planned, ran));
        Assert.IsTrue(engine.Traced.Any(s => s.StartsWith("-- UPDATE owners", StringComparison.Ordinal)), "the trace sees inside triggers too");
        Assert.AreEqual(1, ran.Count(s => s == "VACUUM"), "the no-transaction step ran");
        Assert.IsTrue(ran.Any(s => s.Contains("'started')", StringComparison.Ordinal)), "its started row was inserted");
        Assert.AreEqual(fullCheck ? "PRAGMA integrity_check" : "PRAGMA quick_check", planned[^1], "--full-check shows the check it runs");
    }

    /// <summary>
    /// A database whose journal table was made before started rows existed (its CHECK on kind refuses 'started'): the
    /// plan rebuilds the table in a transaction of its own before the started row, and the run does exactly that.
    /// </summary>
    [TestMethod]
    public async Task AnOldJournalTableIsRebuiltAsThePlanSaysKeepingItsRows()
    {
        using var ws = new TestWorkspace();
        MigrationSet set = TestWorkspace.Load(Ledger);
        DatabaseResult first = await new DatabaseMigrator(new SqliteEngine(), NullLogger.Instance, TimeProvider.System)
            .MigrateAsync(ws.System, set, SemVersion.Parse("1.3.0"), new ApplyOptions { Backup = false }, create: true, CancellationToken.None);
        Assert.AreEqual(DatabaseOutcome.Migrated, first.Outcome, first.Describe());
        JournalTableTests.MakeOld(ws.SystemPath);
        string rowsBefore = TestDb.Scalar(ws.SystemPath, "SELECT group_concat(from_version || '>' || to_version || ':' || kind || ':' || checksum, ' ') FROM ledger_history");

        List<string> planned = await PlannedAsync(ws, set, TransactionMode.PerStep, fullCheck: false);
        var engine = new TracingEngine(new SqliteEngine());
        DatabaseResult result = await new DatabaseMigrator(engine, NullLogger.Instance, TimeProvider.System)
            .MigrateAsync(ws.System, set, SemVersion.Parse("1.5.0"), new ApplyOptions { Backup = false }, create: false, CancellationToken.None);

        Assert.AreEqual(DatabaseOutcome.Migrated, result.Outcome, result.Describe());
        List<string> ran = [.. engine.Traced.Where(s => !TraceOnly.IsMatch(s)).Select(AsPlanned)];
        CollectionAssert.AreEqual(planned, ran, StatementLists.Difference(planned, ran));
        Assert.IsTrue(planned.Any(s => s.StartsWith("DROP TABLE main.ledger_history", StringComparison.Ordinal)), "the plan shows the rebuild");
        StringAssert.Contains(TestDb.Scalar(ws.SystemPath, "SELECT sql FROM sqlite_master WHERE name = 'ledger_history'"), "'started'");
        StringAssert.StartsWith(TestDb.Scalar(ws.SystemPath,
            "SELECT group_concat(from_version || '>' || to_version || ':' || kind || ':' || checksum, ' ') FROM ledger_history"), rowsBefore + " ");
    }

    /// <summary>
    /// The statements <c>plan --format sql --target 1.5.0</c> prints for the system database: the command's own calls
    /// (it inspects, then prints <see cref="LedgerInspector.Script"/> of each database it shows), so that a change to how
    /// the plan is printed fails here as a change to what the run executes does.
    /// </summary>
    private static async Task<List<string>> PlannedAsync(TestWorkspace ws, MigrationSet set, TransactionMode mode, bool fullCheck)
    {
        var targets = new global::Ledger.Targets.ScopeTargets(new Scoping.ScopeLayout([new Scoping.ScopeDefinition(Scopes.System) { Database = ws.SystemPath }]),
            new EngineRegistry(new SqliteEngine()));
        var inspector = new LedgerInspector(targets);
        InspectionResult inspection = await inspector.InspectAsync(set, SemVersion.Parse("1.5.0"), integrity: null, includePlanned: false);
        Assert.AreEqual(PlanStatus.Pending, inspection.System!.Plan?.Status, "plan prints the SQL of a database with pending steps");
        string script = inspector.Script(inspection.System, mode, fullCheck);
        return [.. SqlScript.Split(script).Select(s => StatementLists.Normal(s.Text))];
    }


    /// <summary>The SQLite engine with the trace hook on each connection it opens (before anything runs on it).</summary>
    private sealed class TracingEngine(SqliteEngine inner) : IDatabaseEngine
    {
        private readonly List<string> _traced = [];

        public IReadOnlyList<string> Traced => _traced;

        public string Name => inner.Name;

        public Ledger.Journal.IJournalDialect Dialect => inner.Dialect;

        public T? TryGet<T>() where T : class => inner.TryGet<T>();

        public Ledger.Targets.ITargetResolver Targets => inner.Targets;

        public Task<bool> ExistsAsync(DatabaseTarget target, CancellationToken cancellationToken) => inner.ExistsAsync(target, cancellationToken);

        public async Task<IMigrationConnection> OpenAsync(DatabaseTarget target, bool create, CancellationToken cancellationToken)
        {
            IMigrationConnection connection = await inner.OpenAsync(target, create, cancellationToken);
            // The legacy trace callback receives each statement as it starts, its bound parameters written out.
            raw.sqlite3_trace(SqliteMigrationConnection.Of(connection).Connection.Handle, (_, sql) => _traced.Add(sql.utf8_to_string()), null);
            return connection;
        }

        public Task<IMigrationConnection> OpenReadOnlyAsync(DatabaseTarget target, CancellationToken cancellationToken) =>
            inner.OpenReadOnlyAsync(target, cancellationToken);
    }
}
