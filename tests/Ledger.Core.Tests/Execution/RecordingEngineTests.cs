using Ledger.Execution;
using Ledger.Journal;
using Ledger.Linting;
using Ledger.Model;
using Ledger.Planning;
using Ledger.Versions;
using Microsoft.Extensions.Logging.Abstractions;

namespace Ledger.Tests.Execution;

/// <summary>
/// Core's apply and rollback on the <see cref="RecordingEngine"/>: no SQLite anywhere, only the contracts an engine
/// implements. What ran is compared with the plan's statements; failures, rollbacks and a second runner are checked
/// on the journal rows and the committed statements.
/// </summary>
[TestClass]
public sealed class RecordingEngineTests
{
    // Three user steps; the last two can be rolled back.
    private static readonly string Ledger = string.Concat(
        Fenced("baseline", "1.0.0", "CREATE TABLE a (id INTEGER);"),
        Fenced("1.0.0", "1.1.0", "CREATE TABLE b (id INTEGER);\nINSERT INTO b VALUES (1);"),
        Fenced("1.1.0", "1.0.0", "DROP TABLE b;"),
        Fenced("1.1.0", "1.2.0", "CREATE TABLE c (id INTEGER);"),
        Fenced("1.2.0", "1.1.0", "DROP TABLE c;"));

    /// <summary>A user block in its own fence.</summary>
    internal static string Fenced(string from, string to, string sql) => LedgerText.FencedBlock("user", from, to, sql) + "\n";

    /// <summary>The one database these tests migrate.</summary>
    internal static readonly DatabaseTarget Alice = new("user", "alice", "memory:alice");

    /// <summary>A ledger's validated set (the test fails on a ledger with errors).</summary>
    internal static MigrationSet SetOf(string ledger)
    {
        LoadedLedger loaded = LedgerText.Load(ledger);
        return loaded.Set ?? throw new AssertFailedException(LedgerText.Describe(loaded.Diagnostics));
    }

    private static MigrationSet Set() => SetOf(Ledger);

    private static DatabaseMigrator Migrator(RecordingEngine engine) => new(engine, NullLogger.Instance, TimeProvider.System);

    private static ApplyOptions Options(TransactionMode mode = TransactionMode.PerStep) => new() { TransactionMode = mode };

    private static Task<DatabaseResult> ApplyAsync(RecordingEngine engine, string version, TransactionMode mode = TransactionMode.PerStep) =>
        Migrator(engine).MigrateAsync(Alice, Set(), SemVersion.Parse(version), Options(mode), create: true, CancellationToken.None);

    /// <summary>A database applied to <paramref name="version"/>, its log emptied.</summary>
    private static async Task<(RecordingEngine Engine, RecordingDatabase Db)> AppliedAsync(string version)
    {
        var engine = new RecordingEngine();
        await ApplyAsync(engine, version);
        RecordingDatabase db = engine.Database(Alice.Location);
        db.Log.Clear();
        return (engine, db);
    }

    private static string[] Edges(RecordingDatabase db) => [.. db.Rows.Select(r => $"{r.From}→{r.To}")];

    /// <summary>The statements of the plan apply makes for a database at <paramref name="at"/>, in order.</summary>
    private static List<string> Planned(RecordingEngine engine, JournalState at, string version, TransactionMode mode, PlanDirection direction = PlanDirection.Up)
    {
        DatabasePlan plan = MigrationPlanner.Plan(Set(), "user", at, SemVersion.Parse(version), direction, allowDrift: false);
        ExecutionPlan script = ExecutionPlan.Build(plan, Alice, engine, mode, fullCheck: false, at.TableExists);
        return [.. script.Setup.Concat(script.Units.SelectMany(u => u.Statements)).Append(script.Finish!).Select(s => s.Sql)];
    }

    [TestMethod]
    [DataRow(TransactionMode.PerStep)]
    [DataRow(TransactionMode.PerDatabase)]
    public async Task ANewDatabaseRunsExactlyThePlansStatementsAndRecordsEveryStep(TransactionMode mode)
    {
        var engine = new RecordingEngine();
        List<string> planned = Planned(engine, JournalState.Empty, "1.2.0", mode);

        DatabaseResult result = await ApplyAsync(engine, "1.2.0", mode);

        Assert.AreEqual(DatabaseOutcome.Migrated, result.Outcome, result.Describe());
        Assert.AreEqual("1.2.0", result.To?.Normalized);
        CollectionAssert.AreEqual(new[] { "1.0.0", "1.1.0", "1.2.0" }, result.Applied.Select(a => a.To.Normalized).ToArray());
        RecordingDatabase db = engine.Database(Alice.Location);
        CollectionAssert.AreEqual(planned, db.Log, "what reached the database is the plan, statement by statement");
        CollectionAssert.AreEqual(new[] { "baseline→1.0.0", "1.0.0→1.1.0", "1.1.0→1.2.0" }, Edges(db));
        Assert.IsTrue(db.Rows.All(r => r.AppliedAt.Length > 0 && r.Kind == JournalKinds.Applied), "rows carry the run's values");
        CollectionAssert.AreEqual(Set().Steps.Select(s => s.For("user").Checksum).ToArray(), db.Rows.Select(r => r.Checksum).ToArray());
        CollectionAssert.AreEqual(new[] { "CREATE TABLE a (id INTEGER);", "CREATE TABLE b (id INTEGER);", "INSERT INTO b VALUES (1);", "CREATE TABLE c (id INTEGER);" },
            db.Ran.Select(s => s.Trim()).ToArray());
        Assert.AreEqual(1, db.Log.Count(s => s == "SET SESSION"), "the session is set up once per connection");
        Assert.AreEqual(1, db.Log.Count(s => s == "CREATE JOURNAL"), "the journal table is created in the first unit only");
        Assert.AreEqual(mode == TransactionMode.PerStep ? 3 : 1, db.Log.Count(s => s == "COMMIT"));
        Assert.IsEmpty(db.Backups, "a new database is not backed up");
    }

    [TestMethod]
    public async Task ADatabaseWithHistoryRunsOnlyItsPendingStepsAndIsBackedUpFirst()
    {
        (RecordingEngine engine, RecordingDatabase db) = await AppliedAsync("1.0.0");
        List<string> planned = Planned(engine, new JournalState(db.Rows), "1.2.0", TransactionMode.PerStep);

        DatabaseResult result = await Migrator(engine).MigrateAsync(Alice, Set(), SemVersion.Parse("1.2.0"), Options() with { Backup = true }, create: false,
            CancellationToken.None);

        Assert.AreEqual(DatabaseOutcome.Migrated, result.Outcome, result.Describe());
        CollectionAssert.AreEqual(planned, db.Log);
        Assert.DoesNotContain("CREATE JOURNAL", db.Log, "the table exists");
        CollectionAssert.AreEqual(new[] { "1.0.0" }, db.Backups);
        Assert.AreEqual("backup of alice at 1.0.0", result.BackupPath);
        CollectionAssert.AreEqual(new[] { "baseline→1.0.0", "1.0.0→1.1.0", "1.1.0→1.2.0" }, Edges(db));
    }

    [TestMethod]
    public async Task AFailingStatementRollsItsStepBackAndKeepsTheStepsBefore()
    {
        var engine = new RecordingEngine { FailOn = sql => sql.StartsWith("INSERT INTO b", StringComparison.Ordinal) };

        DatabaseResult result = await ApplyAsync(engine, "1.2.0");

        Assert.AreEqual(DatabaseOutcome.Failed, result.Outcome);
        Assert.IsNotNull(result.Failure);
        Assert.AreEqual("1.0.0→1.1.0", result.Failure.Edge);
        Assert.AreEqual(LedgerText.LineOf(Ledger, "INSERT INTO b"), result.Failure.Location!.Line, "the failing statement's own line");
        Assert.AreEqual("1.0.0", result.To?.Normalized);
        RecordingDatabase db = engine.Database(Alice.Location);
        CollectionAssert.AreEqual(new[] { "baseline→1.0.0" }, Edges(db), "the failed step left no row");
        CollectionAssert.AreEqual(new[] { "CREATE TABLE a (id INTEGER);" }, db.Ran.Select(s => s.Trim()).ToArray(), "nor any statement");
        Assert.AreEqual("ROLLBACK", db.Log[^1], "rolled back right after the failure; nothing ran after it");
        Assert.DoesNotContain("CREATE TABLE c (id INTEGER);", db.Log);
    }

    [TestMethod]
    public async Task AFailedJournalWriteFailsTheStepLikeAStatement()
    {
        var engine = new RecordingEngine { FailOn = sql => sql.StartsWith("INSERT JOURNAL user 1.1.0", StringComparison.Ordinal) };

        DatabaseResult result = await ApplyAsync(engine, "1.2.0");

        Assert.AreEqual(DatabaseOutcome.Failed, result.Outcome);
        Assert.Contains("recording the step in the history table", result.Failure!.Message);
        RecordingDatabase db = engine.Database(Alice.Location);
        CollectionAssert.AreEqual(new[] { "baseline→1.0.0", "1.0.0→1.1.0" }, Edges(db));
        Assert.AreEqual(3, db.Ran.Count, "the third step's statement was rolled back with it");
    }

    [TestMethod]
    public async Task RollbackRunsTheDownBlocksNewestFirstAndDeletesTheirRows()
    {
        (RecordingEngine engine, RecordingDatabase db) = await AppliedAsync("1.2.0");
        db.Ran.Clear();
        List<string> planned = Planned(engine, new JournalState(db.Rows), "1.0.0", TransactionMode.PerStep, PlanDirection.Down);

        DatabaseResult result = await Migrator(engine).RollBackAsync(Alice, Set(), SemVersion.Parse("1.0.0"), Options(), CancellationToken.None);

        Assert.AreEqual(DatabaseOutcome.RolledBack, result.Outcome, result.Describe());
        Assert.AreEqual("1.0.0", result.To?.Normalized);
        CollectionAssert.AreEqual(new[] { "1.1.0", "1.0.0" }, result.Applied.Select(a => a.To.Normalized).ToArray());
        CollectionAssert.AreEqual(planned, db.Log);
        CollectionAssert.AreEqual(new[] { "DROP TABLE c;", "DROP TABLE b;" }, db.Ran.Select(s => s.Trim()).ToArray());
        CollectionAssert.AreEqual(new[] { "baseline→1.0.0" }, Edges(db));
    }

    [TestMethod]
    public async Task AFailedDownBlockKeepsItsRowAndTheStepsRolledBackBefore()
    {
        var engine = new RecordingEngine();
        await ApplyAsync(engine, "1.2.0");
        engine.FailOn = sql => sql.StartsWith("DROP TABLE b", StringComparison.Ordinal);

        DatabaseResult result = await Migrator(engine).RollBackAsync(Alice, Set(), SemVersion.Parse("1.0.0"), Options(), CancellationToken.None);

        Assert.AreEqual(DatabaseOutcome.Failed, result.Outcome);
        Assert.AreEqual("1.1.0→1.0.0", result.Failure!.Edge);
        CollectionAssert.AreEqual(new[] { "baseline→1.0.0", "1.0.0→1.1.0" }, Edges(engine.Database(Alice.Location)));
    }

    [TestMethod]
    public async Task StepsAnotherRunnerCommitsBetweenTwoUnitsAreSkippedWithoutATransaction()
    {
        var engine = new RecordingEngine();
        await ApplyAsync(engine, "1.0.0");
        MigrationSet set = Set();
        int begins = 0;
        engine.BeforeBegin = db =>
        {
            if (++begins != 2) return;
            // After our 1.1.0 committed, another runner takes the database to 1.2.0... but it can only have done 1.1.0→1.2.0.
            db.CommitByAnother([Row(set, 2)], ["CREATE TABLE c (id INTEGER); -- by another runner"]);
        };

        DatabaseResult result = await ApplyAsync(engine, "1.2.0");

        Assert.AreEqual(DatabaseOutcome.Migrated, result.Outcome, result.Describe());
        CollectionAssert.AreEqual(new[] { "1.1.0" }, result.Applied.Select(a => a.To.Normalized).ToArray(), "only the step nobody else ran");
        Assert.AreEqual("1.2.0", result.To?.Normalized);
        RecordingDatabase db = engine.Database(Alice.Location);
        CollectionAssert.AreEqual(new[] { "baseline→1.0.0", "1.0.0→1.1.0", "1.1.0→1.2.0" }, Edges(db), "each edge exactly once");
        Assert.AreEqual(1, db.Ran.Count(s => s.StartsWith("CREATE TABLE c", StringComparison.Ordinal)), "the other runner's block only");
        Assert.AreEqual(2, begins, "the second transaction saw the other runner's step, rolled back, and no third began");
        Assert.AreEqual(1, db.JournalReads, "the journal was read again once: when another runner had committed");
    }

    [TestMethod]
    public async Task ARunnerThatRecordedOurUnitFirstMakesItASkipInsideTheTransaction()
    {
        var engine = new RecordingEngine();
        MigrationSet set = Set();
        bool interfered = false;
        engine.BeforeBegin = db =>
        {
            if (interfered) return;
            interfered = true;
            db.CommitByAnother([Row(set, 0), Row(set, 1), Row(set, 2)], ["by another runner"]);
        };

        DatabaseResult result = await ApplyAsync(engine, "1.2.0", TransactionMode.PerDatabase);

        Assert.AreEqual(DatabaseOutcome.Current, result.Outcome, result.Describe());
        Assert.IsEmpty(result.Applied);
        RecordingDatabase db = engine.Database(Alice.Location);
        CollectionAssert.AreEqual(new[] { "baseline→1.0.0", "1.0.0→1.1.0", "1.1.0→1.2.0" }, Edges(db));
        CollectionAssert.AreEqual(new[] { "by another runner" }, db.Ran);
        Assert.AreEqual("ROLLBACK", db.Log[^2], "rolled back before any block statement");
        Assert.AreEqual("CHECK INTEGRITY", db.Log[^1]);
    }

    [TestMethod]
    public async Task AnotherRunnerTakingItPastTheTargetLeavesItAheadAndUnchangedByUs()
    {
        (RecordingEngine engine, RecordingDatabase db) = await AppliedAsync("1.0.0");
        MigrationSet set = Set();
        engine.BeforeBegin = other =>
        {
            if (other.Rows.Count == 1) other.CommitByAnother([Row(set, 1), Row(set, 2)], ["by another runner"]);
        };

        DatabaseResult result = await ApplyAsync(engine, "1.1.0");

        Assert.AreEqual(DatabaseOutcome.Ahead, result.Outcome, result.Describe());
        Assert.Contains("above the target 1.1.0", result.Describe());
        Assert.IsEmpty(result.Applied);
        CollectionAssert.AreEqual(new[] { "baseline→1.0.0", "1.0.0→1.1.0", "1.1.0→1.2.0" }, Edges(db));
    }

    [TestMethod]
    public async Task AnEdgeAnotherRunnerRecordedWithAnotherChecksumIsDrift()
    {
        var engine = new RecordingEngine();
        await ApplyAsync(engine, "1.0.0");
        MigrationSet set = Set();
        engine.BeforeBegin = db =>
        {
            if (db.Rows.Count == 1) db.CommitByAnother([Row(set, 1) with { Checksum = "0000" }], ["other SQL"]);
        };

        DatabaseResult result = await ApplyAsync(engine, "1.2.0");

        Assert.AreEqual(DatabaseOutcome.Drift, result.Outcome, result.Describe());
        Assert.AreEqual("1.0.0", result.Drift.Single().From);
        Assert.AreEqual("0000", result.Drift.Single().Recorded);
        RecordingDatabase db = engine.Database(Alice.Location);
        Assert.AreEqual(2, db.Rows.Count);
        CollectionAssert.AreEqual(new[] { "CREATE TABLE a (id INTEGER);", "other SQL" }, db.Ran.Select(s => s.Trim()).ToArray(), "nothing of ours ran");
    }

    [TestMethod]
    public async Task AJournalThatMovedPartWayThroughAUnitStopsTheDatabase()
    {
        var engine = new RecordingEngine();
        await ApplyAsync(engine, "1.0.0");
        MigrationSet set = Set();
        engine.BeforeBegin = db =>
        {
            if (db.Rows.Count == 1) db.CommitByAnother([Row(set, 1)], ["by another runner"]);
        };

        // One unit of 1.0.0→1.1.0→1.2.0; another runner committed only its first step.
        DatabaseResult result = await ApplyAsync(engine, "1.2.0", TransactionMode.PerDatabase);

        Assert.AreEqual(DatabaseOutcome.Failed, result.Outcome, result.Describe());
        Assert.Contains("another runner moved its history table to 1.1.0", result.Describe());
        RecordingDatabase db = engine.Database(Alice.Location);
        CollectionAssert.AreEqual(new[] { "baseline→1.0.0", "1.0.0→1.1.0" }, Edges(db), "nothing of ours was committed");
        Assert.AreEqual("ROLLBACK", db.Log[^1]);
    }

    [TestMethod]
    public async Task ViolationsFoundBeforeCommitAreLookedUpAsTheyWereAndAStepThatAddsOnesFails()
    {
        var engine = new RecordingEngine
        {
            Verification = new ForeignKeyReport([new ForeignKeyViolation("b", 1, "a", 0)], []),
        };

        DatabaseResult result = await ApplyAsync(engine, "1.0.0");

        // The check inside the step finds a violation; outside (the database as it was) it finds the same one, so it
        // predates the step: the step is run again and kept, with a warning.
        Assert.AreEqual(DatabaseOutcome.Migrated, result.Outcome, result.Describe());
        Assert.Contains("predate step", string.Join("\n", result.Warnings));
        RecordingDatabase db = engine.Database(Alice.Location);
        CollectionAssert.AreEqual(new[] { "baseline→1.0.0" }, Edges(db));
        Assert.AreEqual(2, db.Log.Count(s => s == "BEGIN"), "run again once");
        Assert.AreEqual(3, db.Log.Count(s => s == "VERIFY"), "inside, outside, inside");
    }

    private static JournalEntry Row(MigrationSet set, int index)
    {
        ScopedStep step = set.Steps[index].For("user");
        return new JournalEntry("user", step.Step.From.Normalized, step.Step.To.Normalized, step.Checksum, step.Title, "2026-12-07T00:00:00.000Z", 1, step.Kind);
    }

    [TestMethod]
    [DataRow(TransactionMode.PerStep, new long[] { 250, 500, 250 })]
    [DataRow(TransactionMode.PerDatabase, new long[] { 250, 500, 250 })]
    public async Task WithoutPreCommitVerificationEveryStepRecordsTheTimeItsStatementsTook(TransactionMode mode, long[] expected)
    {
        // Each block statement takes 250 ms on the test's clock; nothing else takes time.
        var engine = new RecordingEngine();
        var clock = new ManualClock();
        engine.OnExecute = s => { if (s.Kind == StatementKind.Block) clock.Advance(250); };

        DatabaseResult result = await new DatabaseMigrator(new PlainEngine(engine), NullLogger.Instance, clock)
            .MigrateAsync(Alice, Set(), SemVersion.Parse("1.2.0"), Options(mode) with { Backup = false }, create: true, CancellationToken.None);

        Assert.AreEqual(DatabaseOutcome.Migrated, result.Outcome, result.Describe());
        RecordingDatabase db = engine.Database(Alice.Location);
        Assert.DoesNotContain("VERIFY", db.Log);
        CollectionAssert.AreEqual(expected, db.Rows.Select(r => r.DurationMs).ToArray(), "the journal rows' durations");
    }

    [TestMethod]
    public async Task BaselineOfADatabaseWithAJournalRollsItsTransactionBack()
    {
        (RecordingEngine engine, RecordingDatabase db) = await AppliedAsync("1.0.0");
        var targets = new Ledger.Targets.ScopeTargets(new Ledger.Scoping.ScopeLayout([new Ledger.Scoping.ScopeDefinition("user") { Engine = engine.Name }]),
            new EngineRegistry(engine));

        // The recording engine's connection throws when it is closed inside a transaction.
        DatabaseResult result = await new BaselineStamper(targets).StampAsync(Set(), Alice, SemVersion.Parse("1.1.0"));

        Assert.AreEqual(DatabaseOutcome.Failed, result.Outcome, result.Describe());
        Assert.Contains("already has a history table", result.Message!);
        Assert.AreEqual("ROLLBACK", db.Log[^1], string.Join(" | ", db.Log));
        CollectionAssert.AreEqual(new[] { "baseline→1.0.0" }, Edges(db));
    }
}
