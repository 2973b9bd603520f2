using Ledger.Execution;
using Ledger.Journal;
using Ledger.Linting;
using Ledger.Model;
using Ledger.Planning;
using Ledger.Versions;
using Microsoft.Extensions.Logging.Abstractions;

namespace Ledger.Tests.Execution;

/// <summary>
/// No-transaction steps (<c>-- ledger:no-transaction</c>) on the <see cref="RecordingEngine"/>: the unit they run as,
/// the <c>started</c> row that names the running statement, an interrupted block refused until <c>--resume</c>, the
/// rollback of a no-transaction down block, and another run's started row.
/// </summary>
[TestClass]
public sealed class NoTransactionStepTests
{
    // 1.1.0 runs outside a transaction (two statements), with a down block that does too; the others are ordinary.
    private static readonly string Ledger = string.Concat(
        Fenced("baseline", "1.0.0", "CREATE TABLE a (id INTEGER);"),
        Fenced("1.0.0", "1.1.0", "-- ledger:no-transaction\nCREATE INDEX IF NOT EXISTS a_id ON a(id);\nVACUUM;"),
        Fenced("1.1.0", "1.0.0", "-- ledger:no-transaction\nDROP INDEX IF EXISTS a_id;\nVACUUM;"),
        Fenced("1.1.0", "1.2.0", "CREATE TABLE c (id INTEGER);"),
        Fenced("1.2.0", "1.1.0", "DROP TABLE c;"));

    private static string Fenced(string from, string to, string sql) => RecordingEngineTests.Fenced(from, to, sql);

    private static DatabaseTarget Alice => RecordingEngineTests.Alice;

    private static MigrationSet Set() => RecordingEngineTests.SetOf(Ledger);

    private static DatabaseMigrator Migrator(RecordingEngine engine, TimeProvider? time = null) => new(engine, NullLogger.Instance, time ?? TimeProvider.System);

    private static Task<DatabaseResult> ApplyAsync(RecordingEngine engine, string version, TransactionMode mode = TransactionMode.PerStep, bool resume = false) =>
        Migrator(engine).MigrateAsync(Alice, Set(), SemVersion.Parse(version), new ApplyOptions { TransactionMode = mode, Resume = resume }, create: true,
            CancellationToken.None);

    private static string[] Rows(RecordingDatabase db) => [.. db.Rows.Select(r => $"{r.From}→{r.To} {r.Kind}")];

    [TestMethod]
    public void TheDirectiveIsALineOfItsOwnOutsideEveryStatement()
    {
        static bool NoTransaction(string sql) =>
            LedgerText.Load(Fenced("baseline", "1.0.0", sql)).Document.Blocks.Single().NoTransaction;

        Assert.IsTrue(NoTransaction("-- ledger:no-transaction\nVACUUM;"));
        Assert.IsTrue(NoTransaction("VACUUM;\n   --   ledger:no-transaction   "), "anywhere in the body, spaces allowed");
        Assert.IsFalse(NoTransaction("VACUUM;"));
        Assert.IsFalse(NoTransaction("VACUUM; -- ledger:no-transaction"), "not after a statement on its line");
        Assert.IsFalse(NoTransaction("-- ledger:no-transactions\nVACUUM;"), "not another word");
        Assert.IsFalse(NoTransaction("INSERT INTO t VALUES ('\n-- ledger:no-transaction\n');"), "not inside a statement's string");
    }

    [TestMethod]
    public void TheDirectiveIsPartOfTheChecksumAsAnyCommentLine()
    {
        MigrationBlock with = LedgerText.Load(Fenced("baseline", "1.0.0", "-- ledger:no-transaction\nVACUUM;")).Document.Blocks.Single();
        MigrationBlock without = LedgerText.Load(Fenced("baseline", "1.0.0", "VACUUM;")).Document.Blocks.Single();
        Assert.AreEqual(Checksum.Of("-- ledger:no-transaction\nVACUUM;"), with.Checksum);
        Assert.AreNotEqual(without.Checksum, with.Checksum);
    }

    [TestMethod]
    public void AStartedRowIsNotAVersionTheDatabaseReached()
    {
        var journal = new JournalState([
            new JournalEntry("user", "baseline", "1.0.0", "c", null, "t", 1, JournalKinds.Applied),
            new JournalEntry("user", "1.0.0", "1.1.0", "c", null, "t", 2, JournalKinds.Started),
        ]);

        Assert.AreEqual("1.0.0", journal.Current.Normalized);
        Assert.AreEqual("1.0.0→1.1.0", journal.Started.Select(r => $"{r.From}→{r.To}").Single());
        Assert.IsNull(journal.Entries[1].Problem(), "a started row is one Ledger writes");
        Assert.AreEqual((2, false), journal.Entries[1].RunningStatement);
    }

    [TestMethod]
    public async Task ANoTransactionStepRunsAloneUnderTheSessionLockWithAStartedRowNamingEachStatement()
    {
        var engine = new RecordingEngine();
        List<string> planned = Planned(engine, JournalState.Empty, "1.2.0", TransactionMode.PerStep);

        DatabaseResult result = await ApplyAsync(engine, "1.2.0");

        Assert.AreEqual(DatabaseOutcome.Migrated, result.Outcome, result.Describe());
        RecordingDatabase db = engine.Database(Alice.Location);
        CollectionAssert.AreEqual(planned, db.Log, "what reached the database is the plan, statement by statement");
        string checksum = Set().Steps[1].For("user").Checksum;
        CollectionAssert.AreEqual(new[]
        {
            "LOCK SESSION",
            $"INSERT JOURNAL user 1.0.0 1.1.0 {checksum} started",
            "CREATE INDEX IF NOT EXISTS a_id ON a(id);",
            $"UPDATE JOURNAL user 1.0.0 1.1.0 {checksum} started",
            "VACUUM;",
            $"UPDATE JOURNAL user 1.0.0 1.1.0 {checksum} applied",
            "UNLOCK SESSION",
        }, db.Log.SkipWhile(s => s != "LOCK SESSION").TakeWhile(s => s != "BEGIN").ToArray(), "no BEGIN, no COMMIT, no pre-commit check");
        CollectionAssert.AreEqual(new[] { "baseline→1.0.0 applied", "1.0.0→1.1.0 applied", "1.1.0→1.2.0 applied" }, Rows(db));
        Assert.IsFalse(db.SessionLocked);
        CollectionAssert.AreEqual(new[] { "1.0.0", "1.1.0", "1.2.0" }, result.Applied.Select(a => a.To.Normalized).ToArray());
    }

    [TestMethod]
    public async Task PerDatabaseTheUnitIsSplitAroundTheNoTransactionStep()
    {
        LoadedLedger loaded = LedgerText.Load(Ledger + Fenced("1.2.0", "1.3.0", "CREATE TABLE d (id INTEGER);"));
        var engine = new RecordingEngine();
        DatabasePlan plan = MigrationPlanner.Plan(loaded.Set!, "user", JournalState.Empty, SemVersion.Parse("1.3.0"));
        ExecutionPlan script = ExecutionPlan.Build(plan, Alice, engine, TransactionMode.PerDatabase, fullCheck: false, journalTableExists: false);

        CollectionAssert.AreEqual(new[] { "baseline→1.0.0", "1.0.0→1.1.0", "1.1.0→1.2.0 1.2.0→1.3.0" },
            script.Units.Select(u => string.Join(" ", u.Steps.Select(s => s.Step.ToString()))).ToArray());
        CollectionAssert.AreEqual(new[] { true, false, true }, script.Units.Select(u => u.InTransaction).ToArray());

        DatabaseResult result = await Migrator(engine).MigrateAsync(Alice, loaded.Set!, SemVersion.Parse("1.3.0"),
            new ApplyOptions { TransactionMode = TransactionMode.PerDatabase }, create: true, CancellationToken.None);
        Assert.AreEqual(DatabaseOutcome.Migrated, result.Outcome, result.Describe());
        Assert.AreEqual(2, engine.Database(Alice.Location).Log.Count(s => s == "COMMIT"));
    }

    [TestMethod]
    public async Task AnInterruptedBlockLeavesItsStartedRowIsRefusedNamingTheStatementAndResumesFromItsFirstStatement()
    {
        var engine = new RecordingEngine { FailOn = sql => sql == "VACUUM;" };
        DatabaseResult failed = await ApplyAsync(engine, "1.2.0");

        Assert.AreEqual(DatabaseOutcome.Failed, failed.Outcome);
        Assert.AreEqual("1.0.0→1.1.0", failed.Failure!.Edge);
        Assert.AreEqual(LedgerText.LineOf(Ledger, "VACUUM;"), failed.Failure.Location!.Line);
        StringAssert.Contains(failed.Message, "'ledger apply --resume'");
        RecordingDatabase db = engine.Database(Alice.Location);
        CollectionAssert.AreEqual(new[] { "baseline→1.0.0 applied", "1.0.0→1.1.0 started" }, Rows(db));
        Assert.AreEqual(2, db.Rows[1].DurationMs, "the started row names the statement that was running");
        Assert.IsFalse(db.SessionLocked, "the session lock is released when the unit stops");
        CollectionAssert.Contains(db.Ran, "CREATE INDEX IF NOT EXISTS a_id ON a(id);", "what ran before the failure stays");

        engine.FailOn = null;
        db.Log.Clear();
        DatabaseResult refused = await ApplyAsync(engine, "1.2.0");
        Assert.AreEqual(DatabaseOutcome.Failed, refused.Outcome);
        StringAssert.Contains(refused.Message, "incomplete: step 1.0.0→1.1.0 was started at ");
        StringAssert.Contains(refused.Message, $"statement 2 of 2 was running: VACUUM at MIGRATIONS.md:{LedgerText.LineOf(Ledger, "VACUUM;")}");
        StringAssert.Contains(refused.Message, "'ledger apply --resume'");
        CollectionAssert.AreEqual(new[] { "LOCK SESSION", "UNLOCK SESSION" }, db.Log.ToArray(), "it waited for a run under way, and changed nothing");
        CollectionAssert.AreEqual(new[] { "baseline→1.0.0 applied", "1.0.0→1.1.0 started" }, Rows(db));

        db.Log.Clear();
        DatabaseResult resumed = await ApplyAsync(engine, "1.2.0", resume: true);
        Assert.AreEqual(DatabaseOutcome.Migrated, resumed.Outcome, resumed.Describe());
        string checksum = Set().Steps[1].For("user").Checksum;
        CollectionAssert.AreEqual(new[]
        {
            "LOCK SESSION",
            $"UPDATE JOURNAL user 1.0.0 1.1.0 {checksum} started",
            "CREATE INDEX IF NOT EXISTS a_id ON a(id);",
            $"UPDATE JOURNAL user 1.0.0 1.1.0 {checksum} started",
            "VACUUM;",
            $"UPDATE JOURNAL user 1.0.0 1.1.0 {checksum} applied",
            "UNLOCK SESSION",
        }, db.Log.SkipWhile(s => s != "LOCK SESSION").TakeWhile(s => s != "BEGIN").ToArray(), "the block again from its first statement; its row updated, not inserted");
        CollectionAssert.AreEqual(new[] { "baseline→1.0.0 applied", "1.0.0→1.1.0 applied", "1.1.0→1.2.0 applied" }, Rows(db));
        Assert.AreEqual("1.2.0", resumed.To?.Normalized);
    }

    [TestMethod]
    public async Task ResumeOfACompleteDatabaseIsAnOrdinaryApply()
    {
        var engine = new RecordingEngine();
        DatabaseResult result = await ApplyAsync(engine, "1.2.0", resume: true);
        Assert.AreEqual(DatabaseOutcome.Migrated, result.Outcome, result.Describe());
        CollectionAssert.AreEqual(new[] { "baseline→1.0.0 applied", "1.0.0→1.1.0 applied", "1.1.0→1.2.0 applied" }, Rows(engine.Database(Alice.Location)));
    }

    [TestMethod]
    public async Task ResumeIsRefusedWhenTheTargetIsBelowTheStartedStep()
    {
        var engine = new RecordingEngine { FailOn = sql => sql == "VACUUM;" };
        await ApplyAsync(engine, "1.1.0");
        engine.FailOn = null;

        DatabaseResult result = await ApplyAsync(engine, "1.0.0", resume: true);

        Assert.AreEqual(DatabaseOutcome.Failed, result.Outcome);
        StringAssert.Contains(result.Message, "cannot resume: the target 1.0.0 is below the started step 1.0.0→1.1.0");
    }

    [TestMethod]
    public async Task RollingBackANoTransactionDownBlockMarksItsRowStartedThenDeletesIt()
    {
        var engine = new RecordingEngine();
        await ApplyAsync(engine, "1.2.0");
        RecordingDatabase db = engine.Database(Alice.Location);
        db.Log.Clear();

        DatabaseResult result = await Migrator(engine).RollBackAsync(Alice, Set(), SemVersion.Parse("1.0.0"), new ApplyOptions(), CancellationToken.None);

        Assert.AreEqual(DatabaseOutcome.RolledBack, result.Outcome, result.Describe());
        string checksum = Set().Steps[1].For("user").Checksum;
        CollectionAssert.AreEqual(new[]
        {
            "LOCK SESSION",
            $"UPDATE JOURNAL user 1.0.0 1.1.0 {checksum} started",
            "DROP INDEX IF EXISTS a_id;",
            $"UPDATE JOURNAL user 1.0.0 1.1.0 {checksum} started",
            "VACUUM;",
            "DELETE JOURNAL user 1.0.0 1.1.0",
            "UNLOCK SESSION",
        }, db.Log.SkipWhile(s => s != "LOCK SESSION").TakeWhile(s => s != "CHECK INTEGRITY").ToArray());
        CollectionAssert.AreEqual(new[] { "baseline→1.0.0 applied" }, Rows(db));
    }

    [TestMethod]
    public async Task AnInterruptedRollbackNamesTheDownBlocksStatementAndResumeRunsTheUpBlockAgain()
    {
        var engine = new RecordingEngine();
        await ApplyAsync(engine, "1.1.0");
        engine.FailOn = sql => sql == "VACUUM;";
        DatabaseResult failed = await Migrator(engine).RollBackAsync(Alice, Set(), SemVersion.Parse("1.0.0"), new ApplyOptions(), CancellationToken.None);
        Assert.AreEqual(DatabaseOutcome.Failed, failed.Outcome);
        RecordingDatabase db = engine.Database(Alice.Location);
        Assert.AreEqual(-2, db.Rows[1].DurationMs, "negative: the down block's statement 2");

        engine.FailOn = null;
        DatabaseResult refused = await ApplyAsync(engine, "1.1.0");
        StringAssert.Contains(refused.Message, "incomplete: the rollback of step 1.0.0→1.1.0 (its down block) was started at ");
        StringAssert.Contains(refused.Message, $"statement 2 of 2 was running: VACUUM at MIGRATIONS.md:{LedgerText.LineOf(Ledger, "VACUUM;", 2)}");
        DatabaseResult refusedDown = await Migrator(engine).RollBackAsync(Alice, Set(), SemVersion.Parse("1.0.0"), new ApplyOptions(), CancellationToken.None);
        StringAssert.Contains(refusedDown.Message, "incomplete: the rollback of step 1.0.0→1.1.0");

        DatabaseResult resumed = await ApplyAsync(engine, "1.1.0", resume: true);
        Assert.AreEqual(DatabaseOutcome.Migrated, resumed.Outcome, resumed.Describe());
        CollectionAssert.AreEqual(new[] { "baseline→1.0.0 applied", "1.0.0→1.1.0 applied" }, Rows(db));
    }

    [TestMethod]
    public async Task AStartedRowAnotherRunWroteMeanwhileIsWaitedForAndTheStepsThatRunRecordedAreSkipped()
    {
        var engine = new RecordingEngine();
        RecordingDatabase db = engine.Database(Alice.Location);
        string checksum = Set().Steps[1].For("user").Checksum;
        bool othersTurn = true;
        engine.BeforeBegin = d =>
        {
            if (othersTurn)
            {
                // Before this run's first step: another run commits 1.0.0 and is inside the no-transaction step 1.1.0.
                othersTurn = false;
                AnotherRunInsideStep110(d);
            }
            else if (d.SessionLocked)
            {
                // This run waits for the session lock: the other run finishes its step and lets go.
                d.Rows.RemoveAll(r => r.IsStarted);
                d.CommitByAnother([new JournalEntry("user", "1.0.0", "1.1.0", checksum, null, "now", 1, JournalKinds.Applied)], []);
                d.SessionLocked = false;
            }
        };

        DatabaseResult result = await ApplyAsync(engine, "1.2.0");

        Assert.AreEqual(DatabaseOutcome.Migrated, result.Outcome, result.Describe());
        CollectionAssert.AreEqual(new[] { "1.1.0→1.2.0" }, result.Applied.Select(a => $"{a.From}→{a.To}").ToArray(), "the other run's steps are not run again");
        CollectionAssert.AreEqual(new[] { "baseline→1.0.0 applied", "1.0.0→1.1.0 applied", "1.1.0→1.2.0 applied" }, Rows(db));
        int rolledBack = db.Log.IndexOf("ROLLBACK");
        Assert.IsTrue(rolledBack >= 0 && db.Log[rolledBack + 1] == "LOCK SESSION", "the unit is rolled back before waiting: " + string.Join(" | ", db.Log));
        Assert.IsFalse(db.SessionLocked);
    }

    [TestMethod]
    public async Task AStartedRowStillThereOnceTheSessionLockIsFreeStopsTheDatabaseUnchanged()
    {
        var engine = new RecordingEngine();
        RecordingDatabase db = engine.Database(Alice.Location);
        bool othersTurn = true;
        engine.BeforeBegin = d =>
        {
            if (othersTurn)
            {
                // Another run is inside step 1.1.0, then dies: the OS lets go of its session lock, its started row stays.
                othersTurn = false;
                AnotherRunInsideStep110(d);
            }
            else
            {
                d.SessionLocked = false;
            }
        };

        DatabaseResult result = await ApplyAsync(engine, "1.2.0");

        Assert.AreEqual(DatabaseOutcome.Failed, result.Outcome);
        StringAssert.Contains(result.Message, "another run started step 1.0.0→1.1.0 outside a transaction and has not finished it");
        CollectionAssert.AreEqual(new[] { "baseline→1.0.0 applied", "1.0.0→1.1.0 started" }, Rows(db));
        Assert.IsFalse(db.SessionLocked);
    }

    [TestMethod]
    public async Task CancellingInsideAStepsTransactionRollsItBackAndEndsTheRunAsInterrupted()
    {
        var engine = new RecordingEngine();
        await ApplyAsync(engine, "1.1.0");
        RecordingDatabase db = engine.Database(Alice.Location);
        using var cancel = new CancellationTokenSource();
        engine.OnExecute = s => { if (s.Kind == StatementKind.Block) cancel.Cancel(); };

        DatabaseResult result = await Migrator(engine).MigrateAsync(Alice, Set(), SemVersion.Parse("1.2.0"), new ApplyOptions(), create: true, cancel.Token);

        Assert.AreEqual(DatabaseOutcome.Skipped, result.Outcome, result.Describe());
        StringAssert.Contains(result.Message, "interrupted before it finished");
        Assert.IsTrue(result.Interrupted, "the result says so as a flag, which the summary counts");
        Assert.AreEqual("ROLLBACK", db.Log[^1], "the rollback is sent although the run was cancelled");
        CollectionAssert.AreEqual(new[] { "baseline→1.0.0 applied", "1.0.0→1.1.0 applied" }, Rows(db));
    }

    /// <summary>Another run commits step 1.0.0, takes the session lock and marks the no-transaction step 1.1.0 started.</summary>
    private static void AnotherRunInsideStep110(RecordingDatabase db)
    {
        db.CommitByAnother([
            new JournalEntry("user", "baseline", "1.0.0", Set().Steps[0].For("user").Checksum, null, "now", 1, JournalKinds.Applied),
            new JournalEntry("user", "1.0.0", "1.1.0", Set().Steps[1].For("user").Checksum, null, "now", 1, JournalKinds.Started),
        ], ["CREATE TABLE a (id INTEGER);"]);
        db.SessionLocked = true;
    }

    private static List<string> Planned(RecordingEngine engine, JournalState at, string version, TransactionMode mode)
    {
        DatabasePlan plan = MigrationPlanner.Plan(Set(), "user", at, SemVersion.Parse(version), PlanDirection.Up, allowDrift: false);
        ExecutionPlan script = ExecutionPlan.Build(plan, Alice, engine, mode, fullCheck: false, at.TableExists);
        return [.. script.Setup.Concat(script.Units.SelectMany(u => u.Statements)).Append(script.Finish!).Select(s => s.Sql)];
    }
}
