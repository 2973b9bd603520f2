using Ledger.Execution;
using Ledger.Model;
using Ledger.Sqlite.Engine;
using Ledger.Versions;

namespace Ledger.Sqlite.Tests.Engine;

/// <summary><c>rollback --to V</c> on real files: down blocks newest first, users before the system, refused before any change.</summary>
[TestClass]
public sealed class RollbackTests
{
    /// <summary>Three versions, up and down blocks in both scopes; 1.1.0's system block is empty (no down block needed).</summary>
    internal const string Reversible = """
        # Reversible

        ### 1.0.0

        ```sql
        -- [system:baseline→1.0.0:start]
        CREATE TABLE users (username TEXT PRIMARY KEY);
        INSERT INTO users VALUES ('alice'), ('bob');
        -- [system:baseline→1.0.0:end]
        ```

        ```sql
        -- [user:baseline→1.0.0:start]
        CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT NOT NULL);
        -- [user:baseline→1.0.0:end]
        ```

        ```sql
        -- [user:1.0.0→baseline:start]
        DROP TABLE notes;
        -- [user:1.0.0→baseline:end]
        ```

        ### 1.1.0

        ```sql
        -- [user:1.0.0→1.1.0:start]
        ALTER TABLE notes ADD COLUMN title TEXT;
        CREATE INDEX notes_title ON notes(title);
        CREATE TABLE tags (id INTEGER PRIMARY KEY, name TEXT NOT NULL);
        -- [user:1.0.0→1.1.0:end]
        ```

        ```sql
        -- [user:1.1.0→1.0.0:start]
        DROP TABLE tags;
        DROP INDEX notes_title;
        ALTER TABLE notes DROP COLUMN title;
        -- [user:1.1.0→1.0.0:end]
        ```

        ### 1.2.0

        ```sql
        -- [system:1.1.0→1.2.0:start]
        ALTER TABLE users ADD COLUMN email TEXT;
        CREATE TABLE audit (at TEXT, what TEXT);
        -- [system:1.1.0→1.2.0:end]
        ```

        ```sql
        -- [system:1.2.0→1.1.0:start]
        DROP TABLE audit;
        ALTER TABLE users DROP COLUMN email;
        -- [system:1.2.0→1.1.0:end]
        ```

        ```sql
        -- [user:1.1.0→1.2.0:start]
        CREATE TABLE reminders (id INTEGER PRIMARY KEY, note_id INTEGER REFERENCES notes(id), due TEXT);
        -- [user:1.1.0→1.2.0:end]
        ```

        ```sql
        -- [user:1.2.0→1.1.0:start]
        DROP TABLE reminders;
        -- [user:1.2.0→1.1.0:end]
        ```
        """;

    private static readonly ApplyOptions NoBackup = new() { Backup = false, CreateMissing = true };

    private static Task<RunResult> RollbackAsync(TestWorkspace ws, string ledger, string to, ApplyOptions? options = null, IDatabaseEngine? engine = null) =>
        new MigrationRunner(ws.Targets(engine: engine)).RollbackAsync(TestWorkspace.Load(ledger), SemVersion.Parse(to), options ?? NoBackup);

    /// <summary>sqlite_master without the journal and SQLite's own objects: what "the same schema" means.</summary>
    private static List<string> Schema(TestWorkspace ws, string path) =>
        ws.Column(path, "SELECT type || ' ' || name || ': ' || coalesce(sql, '') FROM sqlite_master " +
                        "WHERE name NOT LIKE 'sqlite_%' AND name <> 'ledger_history' ORDER BY type, name");

    [TestMethod]
    public async Task ARowDeletionThatFailsAfterAnEarlierEdgeWasRolledBackFailsThatEdgeAndKeepsTheOneCommitted()
    {
        using var ws = new TestWorkspace();
        Assert.AreEqual(0, (await ws.ApplyAsync(Reversible)).ExitCode);
        // Another tool keeps 1.1.0's row in alice's journal: deleting it fails, after 1.2.0→1.1.0 was committed.
        ws.Execute(ws.UserPath("alice"), "CREATE TRIGGER keep BEFORE DELETE ON ledger_history WHEN OLD.to_version = '1.1.0' " +
                                         "BEGIN SELECT RAISE(ABORT, 'kept by the audit tool'); END;");

        RunResult back = await RollbackAsync(ws, Reversible, "1.0.0");

        Assert.AreEqual(1, back.ExitCode, TestWorkspace.Describe(back));
        DatabaseResult alice = TestWorkspace.Only(back, "alice");
        Assert.AreEqual(DatabaseOutcome.Failed, alice.Outcome, TestWorkspace.Describe(back));
        Assert.AreEqual("1.1.0→1.0.0", alice.Failure!.Edge);
        Assert.Contains("kept by the audit tool", alice.Failure.Message);
        Assert.AreEqual("1.1.0", alice.To?.Normalized, "left at 1.1.0");
        CollectionAssert.AreEqual(new[] { "1.2.0→1.1.0" }, alice.Applied.Select(a => $"{a.From}→{a.To}").ToArray(), "the edge committed before");
        CollectionAssert.AreEqual(new[] { "user baseline->1.0.0 applied", "user 1.0.0->1.1.0 applied" }, ws.Journal(ws.UserPath("alice")));
        Assert.Contains("tags", ws.Tables(ws.UserPath("alice")), "the failed edge's down block was rolled back with it");
        Assert.AreEqual(DatabaseOutcome.RolledBack, TestWorkspace.Only(back, "bob").Outcome);
    }

    [TestMethod]
    public async Task RoundTripRestoresTheSchemaOfADatabaseTakenStraightThereKeepsRowsAndAppliesAgain()
    {
        using var ws = new TestWorkspace();
        Assert.AreEqual(0, (await ws.ApplyAsync(Reversible)).ExitCode);
        ws.Execute(ws.UserPath("alice"), "INSERT INTO notes (body, title) VALUES ('kept', 't')");
        ws.Execute(ws.SystemPath, "INSERT INTO users (username, email) VALUES ('carol', 'c@example.com')");

        RunResult back = await RollbackAsync(ws, Reversible, "1.0.0");

        Assert.AreEqual(0, back.ExitCode, TestWorkspace.Describe(back));
        Assert.AreEqual(2, back.Users.Count(r => r.Outcome == DatabaseOutcome.RolledBack));
        using var straight = new TestWorkspace();
        await straight.ApplyAsync(Reversible, NoBackup with { Target = SemVersion.Parse("1.0.0") });
        CollectionAssert.AreEqual(Schema(straight, straight.SystemPath), Schema(ws, ws.SystemPath));
        CollectionAssert.AreEqual(Schema(straight, straight.UserPath("alice")), Schema(ws, ws.UserPath("alice")));
        CollectionAssert.AreEqual(Schema(straight, straight.UserPath("bob")), Schema(ws, ws.UserPath("bob")));
        CollectionAssert.AreEqual(new[] { "user baseline->1.0.0 applied" }, ws.Journal(ws.UserPath("alice")));
        CollectionAssert.AreEqual(new[] { "system baseline->1.0.0 applied" }, ws.Journal(ws.SystemPath));
        CollectionAssert.AreEqual(new[] { "kept" }, ws.Column(ws.UserPath("alice"), "SELECT body FROM notes"));
        CollectionAssert.AreEqual(new[] { "alice", "bob", "carol" }, ws.Column(ws.SystemPath, "SELECT username FROM users ORDER BY 1"));
        CollectionAssert.AreEqual(new[] { "1.2.0→1.1.0 applied", "1.1.0→1.0.0 applied" },
            TestWorkspace.Only(back, "alice").Applied.Select(s => $"{s.From}→{s.To} {s.Kind}").ToArray());
        CollectionAssert.AreEqual(new[] { "1.2.0→1.1.0 applied", "1.1.0→1.0.0 empty" },
            back.System!.Applied.Select(s => $"{s.From}→{s.To} {s.Kind}").ToArray(), "an empty up block needs no down block: only its row goes");

        RunResult again = await ws.ApplyAsync(Reversible);

        Assert.AreEqual(0, again.ExitCode, TestWorkspace.Describe(again));
        using var latest = new TestWorkspace();
        await latest.ApplyAsync(Reversible);
        CollectionAssert.AreEqual(Schema(latest, latest.UserPath("alice")), Schema(ws, ws.UserPath("alice")));
        CollectionAssert.AreEqual(Schema(latest, latest.SystemPath), Schema(ws, ws.SystemPath));
        CollectionAssert.AreEqual(new[] { "kept" }, ws.Column(ws.UserPath("alice"), "SELECT body FROM notes"));
    }

    [TestMethod]
    public async Task RollingBackAcrossAStepWithoutADownBlockIsRefusedWithEveryFileUnchanged()
    {
        string ledger = Reversible.Replace("""
            ```sql
            -- [user:1.1.0→1.0.0:start]
            DROP TABLE tags;
            DROP INDEX notes_title;
            ALTER TABLE notes DROP COLUMN title;
            -- [user:1.1.0→1.0.0:end]
            ```
            """, "", StringComparison.Ordinal);
        using var ws = new TestWorkspace();
        await ws.ApplyAsync(ledger);
        var before = ws.Snapshot();

        RunResult refused = await RollbackAsync(ws, ledger, "1.0.0");

        Assert.AreEqual(1, refused.ExitCode, TestWorkspace.Describe(refused));
        CollectionAssert.AreEqual(before, ws.Snapshot(), "no database may change, not even the system database whose steps could run");
        StringAssert.Contains(refused.UsersNotReached, "step user 1.0.0→1.1.0 has SQL");
        StringAssert.Contains(refused.UsersNotReached, "no down block");
        Assert.AreEqual(DatabaseOutcome.Skipped, refused.System!.Outcome, "the system database could roll back, but is left alone");
        Assert.IsTrue(refused.Users.All(u => u.Outcome == DatabaseOutcome.Failed && u.Message!.Contains("user 1.0.0→1.1.0", StringComparison.Ordinal)));

        RunResult allowed = await RollbackAsync(ws, ledger, "1.1.0");
        Assert.AreEqual(0, allowed.ExitCode, "above the step without a down block, a rollback runs: " + TestWorkspace.Describe(allowed));
    }

    [TestMethod]
    public async Task DriftOnAnEdgeInTheRangeRefusesWithEveryFileUnchanged()
    {
        using var ws = new TestWorkspace();
        await ws.ApplyAsync(Reversible);
        ws.Execute(ws.UserPath("bob"), "UPDATE ledger_history SET checksum = 'edited' WHERE to_version = '1.2.0'");
        var before = ws.Snapshot();

        RunResult refused = await RollbackAsync(ws, Reversible, "1.1.0");

        Assert.AreEqual(3, refused.ExitCode, TestWorkspace.Describe(refused));
        Assert.AreEqual(DatabaseOutcome.Drift, TestWorkspace.Only(refused, "bob").Outcome);
        CollectionAssert.AreEqual(before, ws.Snapshot());
    }

    [TestMethod]
    public async Task UserDatabasesRollBackBeforeTheSystemDatabase()
    {
        using var ws = new TestWorkspace();
        await ws.ApplyAsync(Reversible);
        var order = new List<string>();
        var engine = new HookedEngine(new SqliteEngine(TimeSpan.FromSeconds(5)))
        {
            BeforeBeginStep = target =>
            {
                lock (order) order.Add(target.Name);
                return Task.CompletedTask;
            },
        };

        RunResult back = await RollbackAsync(ws, Reversible, "baseline", NoBackup with { Parallelism = 1 }, engine);

        Assert.AreEqual(1, back.ExitCode, "system 1.0.0 has no down block: " + TestWorkspace.Describe(back));
        Assert.IsEmpty(order, "refused: no step's transaction was begun");

        RunResult partial = await RollbackAsync(ws, Reversible, "1.0.0", NoBackup with { Parallelism = 1 }, engine);

        Assert.AreEqual(0, partial.ExitCode, TestWorkspace.Describe(partial));
        int firstSystem = order.IndexOf("system");
        Assert.IsGreaterThan(0, firstSystem);
        Assert.IsTrue(order.Take(firstSystem).All(n => n is "alice" or "bob") && order.Skip(firstSystem).All(n => n == "system"), string.Join(",", order));
    }

    [TestMethod]
    public async Task AFailingDownBlockKeepsThatUsersVersionAndLeavesTheSystemDatabaseAlone()
    {
        using var ws = new TestWorkspace();
        await ws.ApplyAsync(Reversible);
        ws.Execute(ws.UserPath("bob"), "DROP TABLE reminders"); // bob's down block will fail: no such table

        RunResult back = await RollbackAsync(ws, Reversible, "1.1.0");

        Assert.AreEqual(1, back.ExitCode);
        Assert.AreEqual(DatabaseOutcome.Failed, TestWorkspace.Only(back, "bob").Outcome);
        Assert.AreEqual("1.2.0", TestWorkspace.Only(back, "bob").To?.Normalized);
        Assert.AreEqual(DatabaseOutcome.RolledBack, TestWorkspace.Only(back, "alice").Outcome);
        Assert.AreEqual(DatabaseOutcome.Skipped, back.System!.Outcome);
        Assert.AreEqual(3, ws.Journal(ws.SystemPath).Count, "the system database keeps its 1.2.0 row");
        Assert.AreEqual(3, ws.Journal(ws.UserPath("bob")).Count, "bob's failed step rolled back: its row is still there");
    }

    [TestMethod]
    public async Task ABackupIsTakenBeforeTheFirstChange()
    {
        using var ws = new TestWorkspace();
        await ws.ApplyAsync(Reversible);

        RunResult back = await RollbackAsync(ws, Reversible, "1.1.0", new ApplyOptions { Backup = true });

        Assert.AreEqual(0, back.ExitCode, TestWorkspace.Describe(back));
        Assert.IsNotNull(TestWorkspace.Only(back, "alice").BackupPath);
        Assert.IsTrue(File.Exists(TestWorkspace.Only(back, "alice").BackupPath));
        Assert.AreEqual("1", ws.Scalar(TestWorkspace.Only(back, "alice").BackupPath!, "SELECT count(*) FROM sqlite_master WHERE name = 'reminders'")!.ToString());
    }

    [TestMethod]
    public async Task PerDatabaseTransactionRollsBackEveryStepInOneCommit()
    {
        using var ws = new TestWorkspace();
        await ws.ApplyAsync(Reversible);

        RunResult back = await RollbackAsync(ws, Reversible, "1.0.0", NoBackup with { TransactionMode = TransactionMode.PerDatabase });

        Assert.AreEqual(0, back.ExitCode, TestWorkspace.Describe(back));
        CollectionAssert.AreEqual(new[] { "user baseline->1.0.0 applied" }, ws.Journal(ws.UserPath("bob")));
    }

    [TestMethod]
    public async Task AUserDatabaseThatAnotherRunnerDriftedDuringTheRunLeavesTheSystemDatabaseAlone()
    {
        using var ws = new TestWorkspace();
        await ws.ApplyAsync(Reversible);
        bool moved = false;
        var engine = new HookedEngine(new SqliteEngine(TimeSpan.FromSeconds(5)))
        {
            // After the inspection: another runner rewrites bob's top edge, so bob's rollback ends drift.
            AfterOpen = connection =>
            {
                if (connection.Target.Name == "bob" && !moved)
                {
                    moved = true;
                    ws.Execute(ws.UserPath("bob"), "UPDATE ledger_history SET checksum = 'changed' WHERE to_version = '1.2.0'");
                }

                return Task.CompletedTask;
            },
        };

        RunResult back = await RollbackAsync(ws, Reversible, "1.1.0", NoBackup with { Parallelism = 1 }, engine);

        Assert.AreEqual(DatabaseOutcome.Drift, TestWorkspace.Only(back, "bob").Outcome, TestWorkspace.Describe(back));
        Assert.AreEqual(DatabaseOutcome.Skipped, back.System!.Outcome, TestWorkspace.Describe(back));
        Assert.Contains("system 1.1.0->1.2.0 applied", ws.Journal(ws.SystemPath), "the system database stays above bob");
    }

    [TestMethod]
    public async Task ARollbackRefusedBecauseTheUsersCannotBeListedExitsOne()
    {
        using var ws = new TestWorkspace();
        await ws.ApplyAsync(Reversible);
        var before = ws.Snapshot();

        RunResult back = await new MigrationRunner(ws.Targets(TestWorkspace.QueryUsers("SELECT username FROM no_such_table", ws.UserTemplate)))
            .RollbackAsync(TestWorkspace.Load(Reversible), SemVersion.Parse("1.1.0"), NoBackup);

        Assert.IsNotNull(back.Refusal);
        Assert.AreEqual(1, back.ExitCode, TestWorkspace.Describe(back));
        CollectionAssert.AreEqual(before, ws.Snapshot());
    }
}
