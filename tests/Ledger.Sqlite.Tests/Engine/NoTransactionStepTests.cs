using Ledger.Execution;
using Ledger.Model;
using Ledger.Sqlite.Engine;
using Ledger.Versions;
using Microsoft.Extensions.Logging.Abstractions;

namespace Ledger.Sqlite.Tests.Engine;

/// <summary>
/// No-transaction steps on SQLite files: <c>VACUUM</c> and <c>PRAGMA journal_mode = WAL</c> as steps, the lock file
/// another run holds, and a block that fails part-way, refused until it is resumed.
/// </summary>
[TestClass]
public sealed class NoTransactionStepTests
{
    private const string Ledger = """
        # No-transaction steps

        ### 1.0.0

        ```sql
        -- [system:baseline→1.0.0:start]
        CREATE TABLE notes (id INTEGER PRIMARY KEY, topic TEXT);
        INSERT INTO notes (topic) VALUES ('a'), ('a'), ('b');
        -- [system:baseline→1.0.0:end]
        ```

        ### 1.1.0

        ```sql
        -- [system:1.0.0→1.1.0:start]
        -- ledger:no-transaction
        PRAGMA journal_mode = WAL;
        CREATE UNIQUE INDEX IF NOT EXISTS notes_topic ON notes(topic);
        VACUUM;
        -- [system:1.0.0→1.1.0:end]
        ```

        ### 1.2.0

        ```sql
        -- [system:1.1.0→1.2.0:start]
        CREATE TABLE later (id INTEGER PRIMARY KEY);
        -- [system:1.1.0→1.2.0:end]
        ```
        """;

    private static Task<DatabaseResult> ApplyAsync(TestWorkspace ws, bool resume = false, SqliteEngine? engine = null, IDatabaseEngine? hooked = null) =>
        new DatabaseMigrator(hooked ?? engine ?? new SqliteEngine(), NullLogger.Instance, TimeProvider.System).MigrateAsync(ws.System, TestWorkspace.Load(Ledger),
            SemVersion.Parse("1.2.0"), new ApplyOptions { Backup = false, Resume = resume }, create: true, CancellationToken.None);

    [TestMethod]
    public async Task VacuumAndTheJournalModeRunAsStepsAndTheRunFailsPartWayThenResumes()
    {
        using var ws = new TestWorkspace();

        // The unique index fails on the duplicate topics: the journal mode changed already, the row says statement 2.
        DatabaseResult failed = await ApplyAsync(ws);
        Assert.AreEqual(DatabaseOutcome.Failed, failed.Outcome, failed.Describe());
        Assert.AreEqual("1.0.0→1.1.0", failed.Failure!.Edge);
        StringAssert.Contains(failed.Failure.Message, "UNIQUE constraint failed");
        StringAssert.Contains(failed.Message, "'ledger apply --resume'");
        Assert.AreEqual("wal", ws.Scalar(ws.SystemPath, "PRAGMA journal_mode"), "the statement before the failure stays done");
        CollectionAssert.AreEqual(new[] { "system baseline->1.0.0 applied", "system 1.0.0->1.1.0 started" }, ws.Journal(ws.SystemPath));
        Assert.AreEqual(2L, ws.Scalar(ws.SystemPath, "SELECT duration_ms FROM ledger_history WHERE kind = 'started'"));

        DatabaseResult refused = await ApplyAsync(ws);
        Assert.AreEqual(DatabaseOutcome.Failed, refused.Outcome);
        StringAssert.Contains(refused.Message, "incomplete: step 1.0.0→1.1.0 was started at ");
        StringAssert.Contains(refused.Message, "statement 2 of 3 was running: CREATE UNIQUE INDEX IF NOT EXISTS notes_topic ON notes(topic) at MIGRATIONS.md:");
        CollectionAssert.AreEqual(new[] { "system baseline->1.0.0 applied", "system 1.0.0->1.1.0 started" }, ws.Journal(ws.SystemPath), "not changed");

        TestDb.Execute(ws.SystemPath, "DELETE FROM notes WHERE id = 2"); // what the user fixes by hand
        DatabaseResult resumed = await ApplyAsync(ws, resume: true);
        Assert.AreEqual(DatabaseOutcome.Migrated, resumed.Outcome, resumed.Describe());
        CollectionAssert.AreEqual(new[] { "system baseline->1.0.0 applied", "system 1.0.0->1.1.0 applied", "system 1.1.0->1.2.0 applied" },
            ws.Journal(ws.SystemPath));
        Assert.AreEqual(1L, ws.Scalar(ws.SystemPath, "SELECT count(*) FROM sqlite_master WHERE name = 'notes_topic'"));
        Assert.AreEqual("wal", ws.Scalar(ws.SystemPath, "PRAGMA journal_mode"));
        Assert.AreEqual("ok", ws.Scalar(ws.SystemPath, "PRAGMA integrity_check"));
    }

    [TestMethod]
    public async Task AStepWaitsForTheLockFileAnotherRunHoldsAndFailsByNameAfterTheBusyTimeout()
    {
        using var ws = new TestWorkspace();
        File.WriteAllBytes(ws.SystemPath, []); // the database exists (empty)
        string lockFile = SqliteJournalDialect.SessionLockFile(ws.SystemPath);
        DatabaseResult result;
        using (new FileStream(lockFile, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None))
        {
            result = await ApplyAsync(ws, engine: new SqliteEngine(TimeSpan.FromMilliseconds(300)));
        }

        Assert.AreEqual(DatabaseOutcome.Failed, result.Outcome, result.Describe());
        StringAssert.Contains(result.Message, $"could not take the lock a step outside a transaction holds: another run held the lock file {lockFile}");
        CollectionAssert.AreEqual(new[] { "system baseline->1.0.0 applied" }, ws.Journal(ws.SystemPath), "no started row: nothing of the step ran");

        TestDb.Execute(ws.SystemPath, "DELETE FROM notes WHERE id = 2");
        DatabaseResult after = await ApplyAsync(ws);
        Assert.AreEqual(DatabaseOutcome.Migrated, after.Outcome, after.Describe());
    }

    [TestMethod]
    public async Task ARunWaitingWhileAnotherIsInsideANoTransactionStepWaitsForItAndSkipsWhatItRecorded()
    {
        using var ws = new TestWorkspace();

        // A finishes its step (its row applied, with the ledger's checksum) and lets go of the lock file.
        string checksum = TestWorkspace.Load(Ledger).Steps[1].For("system").Checksum;
        DatabaseResult b = await ApplyWhileAnotherRunIsInsideStep110Async(ws, aFinishing: "DELETE FROM notes WHERE id = 2; PRAGMA journal_mode = WAL; " +
            $"CREATE UNIQUE INDEX notes_topic ON notes(topic); UPDATE ledger_history SET kind = 'applied', checksum = '{checksum}' WHERE kind = 'started'");

        Assert.AreEqual(DatabaseOutcome.Migrated, b.Outcome, b.Describe());
        CollectionAssert.AreEqual(new[] { "1.1.0→1.2.0" }, b.Applied.Select(s => $"{s.From}→{s.To}").ToArray(), "A's steps are not run again");
        CollectionAssert.AreEqual(new[] { "system baseline->1.0.0 applied", "system 1.0.0->1.1.0 applied", "system 1.1.0->1.2.0 applied" },
            ws.Journal(ws.SystemPath));
    }

    [TestMethod]
    public async Task AStartedRowStillThereWhenTheLockFileIsFreeIsAnInterruptedRunAndStopsTheDatabase()
    {
        using var ws = new TestWorkspace();

        // A dies: the OS lets go of its lock file, its started row stays.
        DatabaseResult b = await ApplyWhileAnotherRunIsInsideStep110Async(ws, aFinishing: null);

        Assert.AreEqual(DatabaseOutcome.Failed, b.Outcome, b.Describe());
        StringAssert.Contains(b.Message, "another run started step 1.0.0→1.1.0 outside a transaction and has not finished it");
        CollectionAssert.AreEqual(new[] { "system baseline->1.0.0 applied", "system 1.0.0->1.1.0 started" }, ws.Journal(ws.SystemPath), "not changed");
    }

    /// <summary>
    /// Run B applies up to 1.2.0 on an existing database. Just before B's first step, run A applies step 1.0.0, takes the
    /// lock file and marks step 1.1.0 started (as A does before its first statement outside a transaction); when B asks
    /// for the lock file, A runs <paramref name="aFinishing"/> (null: A died) and lets go.
    /// </summary>
    private static async Task<DatabaseResult> ApplyWhileAnotherRunIsInsideStep110Async(TestWorkspace ws, string? aFinishing)
    {
        TestDb.Execute(ws.SystemPath, "CREATE TABLE kept (id INTEGER)"); // an existing database: both runs open it the same way
        FileStream? aLock = null;
        bool aFirst = true;
        var engine = new HookedEngine(new SqliteEngine())
        {
            BeforeBeginStep = async _ =>
            {
                if (!aFirst) return;
                aFirst = false;
                DatabaseResult a = await new DatabaseMigrator(new SqliteEngine(), NullLogger.Instance, TimeProvider.System).MigrateAsync(ws.System,
                    TestWorkspace.Load(Ledger), SemVersion.Parse("1.0.0"), new ApplyOptions { Backup = false }, create: true, CancellationToken.None);
                Assert.AreEqual(DatabaseOutcome.Migrated, a.Outcome, a.Describe());
                aLock = new FileStream(SqliteJournalDialect.SessionLockFile(ws.SystemPath), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
                TestDb.Execute(ws.SystemPath, "INSERT INTO ledger_history SELECT scope, '1.0.0', '1.1.0', 'x', NULL, applied_at, 1, 'started' FROM ledger_history");
            },
            BeforeSessionLock = _ =>
            {
                if (aLock is null) return Task.CompletedTask;
                if (aFinishing is not null) TestDb.Execute(ws.SystemPath, aFinishing);
                aLock.Dispose();
                aLock = null;
                return Task.CompletedTask;
            },
        };

        DatabaseResult b = await ApplyAsync(ws, hooked: engine);
        Assert.IsNull(aLock, "B asked for the lock file A held");
        return b;
    }
}
