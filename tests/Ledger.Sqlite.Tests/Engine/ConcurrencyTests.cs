using Ledger.Execution;
using Ledger.Journal;
using Ledger.Model;
using Ledger.Sqlite.Engine;
using Ledger.Versions;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;

namespace Ledger.Sqlite.Tests.Engine;

/// <summary>
/// Spec §3 points 4 and 9: runners at the same time on the same databases apply every step exactly once; a database
/// locked beyond the busy timeout fails alone. Races are provoked (a held write lock, a runner started inside
/// another's plan), never waited for.
/// </summary>
[TestClass]
public sealed class ConcurrencyTests
{
    // Every block records that it ran, so "exactly once" is checked on the data, not only on the journal.
    private const string CountingLedger = """
        # Counting ledger

        ### 1.0.0

        ```sql
        -- [system:baseline→1.0.0:start]
        CREATE TABLE users (username TEXT PRIMARY KEY);
        INSERT INTO users VALUES ('alice'), ('bob'), ('carol'), ('dave'), ('erin');
        CREATE TABLE ran (edge TEXT NOT NULL);
        INSERT INTO ran VALUES ('baseline→1.0.0');
        -- [system:baseline→1.0.0:end]
        ```

        ```sql
        -- [user:baseline→1.0.0:start]
        CREATE TABLE ran (edge TEXT NOT NULL);
        INSERT INTO ran VALUES ('baseline→1.0.0');
        -- [user:baseline→1.0.0:end]
        ```

        ### 1.1.0

        ```sql
        -- [system:1.0.0→1.1.0:start]
        INSERT INTO ran VALUES ('1.0.0→1.1.0');
        -- [system:1.0.0→1.1.0:end]
        ```

        ```sql
        -- [user:1.0.0→1.1.0:start]
        INSERT INTO ran VALUES ('1.0.0→1.1.0');
        CREATE TABLE notes (id INTEGER PRIMARY KEY);
        -- [user:1.0.0→1.1.0:end]
        ```

        ### 1.2.0

        ```sql
        -- [user:1.1.0→1.2.0:start]
        INSERT INTO ran VALUES ('1.1.0→1.2.0');
        ALTER TABLE notes ADD COLUMN body TEXT;
        -- [user:1.1.0→1.2.0:end]
        ```

        ### 1.3.0

        ```sql
        -- [system:1.2.0→1.3.0:start]
        INSERT INTO ran VALUES ('1.2.0→1.3.0');
        -- [system:1.2.0→1.3.0:end]
        ```

        ```sql
        -- [user:1.2.0→1.3.0:start]
        INSERT INTO ran VALUES ('1.2.0→1.3.0');
        -- [user:1.2.0→1.3.0:end]
        ```
        """;

    private static readonly string[] Users = ["alice", "bob", "carol", "dave", "erin"];

    [TestMethod]
    [DataRow(2, TransactionMode.PerStep)]
    [DataRow(3, TransactionMode.PerStep)]
    [DataRow(4, TransactionMode.PerStep)]
    [DataRow(3, TransactionMode.PerDatabase)]
    public async Task RunnersAtTheSameTimeApplyEveryStepExactlyOnce(int runners, TransactionMode mode)
    {
        for (int round = 0; round < 5; round++)
        {
            using var ws = new TestWorkspace();
            MigrationSet set = TestWorkspace.Load(CountingLedger);
            var options = new ApplyOptions { Backup = false, CreateMissing = true, Parallelism = 2, TransactionMode = mode };

            // Task.Run: the SQLite calls are synchronous underneath, so each runner needs its own thread to overlap.
            RunResult[] results = await Task.WhenAll(Enumerable.Range(0, runners).Select(_ =>
                Task.Run(() => new MigrationRunner(ws.Targets(engine: new SqliteEngine(TimeSpan.FromSeconds(30)))).ApplyAsync(set, options))));

            foreach (RunResult result in results)
            {
                Assert.AreEqual(0, result.ExitCode, TestWorkspace.Describe(result));
                Assert.HasCount(Users.Length, result.Users);
            }

            AssertExactlyOnce(ws, ws.SystemPath, ["baseline→1.0.0", "1.0.0→1.1.0", "1.2.0→1.3.0"], 4);
            foreach (string user in Users)
            {
                AssertExactlyOnce(ws, ws.UserPath(user), ["baseline→1.0.0", "1.0.0→1.1.0", "1.1.0→1.2.0", "1.2.0→1.3.0"], 4);
                Assert.AreEqual(1, results.Sum(r => TestWorkspace.Only(r, user).Applied.Count(a => a.To.Normalized == "1.3.0")), "one runner committed each step");
            }
        }
    }

    [TestMethod]
    [DataRow(false)]
    [DataRow(true)]
    public async Task RunnersAtTheSameTimeOnExistingDatabasesWithBackupsOn(bool wal)
    {
        // Backups are on by default, and each runner backs up what it found pending while the others commit.
        for (int round = 0; round < 5; round++)
        {
            using var ws = new TestWorkspace();
            MigrationSet set = TestWorkspace.Load(CountingLedger);
            await new MigrationRunner(ws.Targets(engine: new SqliteEngine())).ApplyAsync(set,
                new ApplyOptions { Backup = false, CreateMissing = true, Target = SemVersion.Parse("1.0.0") });
            if (wal)
            {
                foreach (string user in Users) ws.Execute(ws.UserPath(user), "PRAGMA journal_mode = WAL");
            }

            var options = new ApplyOptions { CreateMissing = true, Parallelism = 2 };
            RunResult[] results = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ =>
                Task.Run(() => new MigrationRunner(ws.Targets(engine: new SqliteEngine(TimeSpan.FromSeconds(30)))).ApplyAsync(set, options))));

            foreach (RunResult result in results)
            {
                Assert.AreEqual(0, result.ExitCode, TestWorkspace.Describe(result));
            }

            foreach (string user in Users)
            {
                AssertExactlyOnce(ws, ws.UserPath(user), ["baseline→1.0.0", "1.0.0→1.1.0", "1.1.0→1.2.0", "1.2.0→1.3.0"], 4);
                Assert.IsTrue(results.Any(r => TestWorkspace.Only(r, user).BackupPath is not null));
            }
        }
    }

    [TestMethod]
    public async Task StepAppliedByAnotherRunnerBetweenPlanAndTransactionIsNotAppliedAgain()
    {
        using var ws = new TestWorkspace();
        MigrationSet set = TestWorkspace.Load(CountingLedger);
        var options = new ApplyOptions { Backup = false, CreateMissing = true };
        await new MigrationRunner(ws.Targets(engine: new SqliteEngine())).ApplyAsync(set, options with { Target = SemVersion.Parse("1.0.0") });

        // Alice's runner has read her journal (at 1.0.0) and planned three steps; before its first transaction,
        // another runner takes alice to 1.2.0.
        bool interfered = false;
        var engine = new HookedEngine(new SqliteEngine())
        {
            BeforeBeginStep = async target =>
            {
                if (target.Name != "alice" || interfered) return;
                interfered = true;
                DatabaseResult other = await new DatabaseMigrator(new SqliteEngine(), NullLogger.Instance, TimeProvider.System)
                    .MigrateAsync(ws.User("alice"), set, SemVersion.Parse("1.2.0"), options, create: false, CancellationToken.None);
                Assert.AreEqual(DatabaseOutcome.Migrated, other.Outcome);
            },
        };

        RunResult result = await new MigrationRunner(ws.Targets(engine: engine)).ApplyAsync(set, options);

        Assert.IsTrue(interfered);
        Assert.AreEqual(0, result.ExitCode, TestWorkspace.Describe(result));
        DatabaseResult alice = TestWorkspace.Only(result, "alice");
        Assert.AreEqual(DatabaseOutcome.Migrated, alice.Outcome);
        CollectionAssert.AreEqual(new[] { "1.3.0" }, alice.Applied.Select(a => a.To.Normalized).ToArray(), "only the step nobody else applied");
        AssertExactlyOnce(ws, ws.UserPath("alice"), ["baseline→1.0.0", "1.0.0→1.1.0", "1.1.0→1.2.0", "1.2.0→1.3.0"], 4);
    }

    [TestMethod]
    public async Task StepsAnotherRunnerAppliesBetweenTwoOfOursAreNotAppliedAgain()
    {
        using var ws = new TestWorkspace();
        MigrationSet set = TestWorkspace.Load(CountingLedger);
        var options = new ApplyOptions { Backup = false, CreateMissing = true };
        await new MigrationRunner(ws.Targets(engine: new SqliteEngine())).ApplyAsync(set, options with { Target = SemVersion.Parse("1.0.0") });

        // Alice's runner commits 1.1.0; before its second transaction another runner takes her to 1.3.0. The journal
        // changed after this connection's own commit: that commit must not hide the other runner's.
        int begins = 0;
        var engine = new HookedEngine(new SqliteEngine())
        {
            BeforeBeginStep = async target =>
            {
                if (target.Name != "alice" || ++begins != 2) return;
                DatabaseResult other = await new DatabaseMigrator(new SqliteEngine(), NullLogger.Instance, TimeProvider.System)
                    .MigrateAsync(ws.User("alice"), set, SemVersion.Parse("1.3.0"), options, create: false, CancellationToken.None);
                CollectionAssert.AreEqual(new[] { "1.2.0", "1.3.0" }, other.Applied.Select(a => a.To.Normalized).ToArray());
            },
        };

        RunResult result = await new MigrationRunner(ws.Targets(engine: engine)).ApplyAsync(set, options with { Parallelism = 1 });

        Assert.AreEqual(2, begins, "alice's second transaction saw the other runner's steps and began no third");
        Assert.AreEqual(0, result.ExitCode, TestWorkspace.Describe(result));
        DatabaseResult alice = TestWorkspace.Only(result, "alice");
        Assert.AreEqual(DatabaseOutcome.Migrated, alice.Outcome);
        Assert.AreEqual("1.3.0", alice.To?.Normalized);
        CollectionAssert.AreEqual(new[] { "1.1.0" }, alice.Applied.Select(a => a.To.Normalized).ToArray(), "only the step nobody else applied");
        AssertExactlyOnce(ws, ws.UserPath("alice"), ["baseline→1.0.0", "1.0.0→1.1.0", "1.1.0→1.2.0", "1.2.0→1.3.0"], 4);
    }

    [TestMethod]
    public async Task InsideAStepTheJournalIsReadAgainExactlyWhenAnotherConnectionCommitted()
    {
        using var ws = new TestWorkspace();
        var target = new DatabaseTarget("user", "dv", Path.Combine(ws.Root, "dv.db"));
        JournalEntry Row(string from, string to) => new("user", from, to, "c", null, "2026-12-02T00:00:00.000Z", 0, "applied");
        async Task<JournalState?> Step(IMigrationConnection connection, JournalEntry? record)
        {
            await using TestStep tx = await TestStep.BeginAsync(connection);
            JournalState? seen = await tx.ReadJournalIfChangedAsync();
            if (record is not null)
            {
                await tx.RecordAsync(record);
                await tx.CommitAsync();
            }

            return seen;
        }

        await using (IMigrationConnection created = await new SqliteEngine().OpenAsync(target, create: true, CancellationToken.None))
        {
            Assert.IsEmpty((await created.ReadJournalAsync(CancellationToken.None)).Entries, "a new file: at baseline, without a query");
            Assert.IsNotNull(await Step(created, Row("baseline", "1.0.0")), "the journal of a file that was empty at open has never been read: read it");
        }

        // A database that was empty at open is held from its second step on (NewDatabaseLockTests): the rest is on an
        // existing one, which other connections may write between steps.
        await using IMigrationConnection connection = await new SqliteEngine().OpenAsync(target, create: false, CancellationToken.None);
        Assert.HasCount(1, (await connection.ReadJournalAsync(CancellationToken.None)).Entries);
        Assert.IsNull(await Step(connection, Row("1.0.0", "1.1.0")), "read at open, and nobody committed since");
        Assert.IsNull(await Step(connection, null), "only this connection committed since");
        Assert.IsNull(await Step(connection, null), "still nobody else (a step rolled back changes nothing)");

        ws.Execute(target.Location, "INSERT INTO ledger_history (scope, from_version, to_version, checksum, applied_at, duration_ms, kind) " +
                                    "VALUES ('user', '1.1.0', '1.2.0', 'c', '2026-12-02T00:00:01.000Z', 0, 'applied')");
        JournalState? seen = await Step(connection, null);
        Assert.IsNotNull(seen, "another connection committed");
        Assert.AreEqual("1.2.0", seen.Current.Normalized);
        Assert.HasCount(3, seen.Entries);
        Assert.IsNull(await Step(connection, null), "read again inside the last step: nothing new since");

        ws.Execute(target.Location, "CREATE TABLE unrelated (x)");
        Assert.IsNotNull(await Step(connection, null), "any commit by another connection counts, not only to the journal");
    }

    [TestMethod]
    public async Task TheBusyTimeoutIsSetInMillisecondsOnEveryConnection()
    {
        using var ws = new TestWorkspace();
        var engine = new SqliteEngine(TimeSpan.FromMilliseconds(1500));
        var target = new DatabaseTarget("user", "busy", Path.Combine(ws.Root, "busy.db"));
        await using IMigrationConnection connection = await engine.OpenAsync(target, create: true, CancellationToken.None);

        await foreach (QueryRow row in connection.QueryAsync("PRAGMA busy_timeout", _ => [], CancellationToken.None))
        {
            Assert.AreEqual(1500L, row.Values[0], "not rounded to whole seconds");
            return;
        }

        Assert.Fail("PRAGMA busy_timeout returned no row");
    }

    [TestMethod]
    public async Task DatabaseLockedBeyondTheBusyTimeoutFailsAloneAndKeepsNothing()
    {
        using var ws = new TestWorkspace();
        MigrationSet set = TestWorkspace.Load(CountingLedger);
        await new MigrationRunner(ws.Targets(engine: new SqliteEngine())).ApplyAsync(set,
            new ApplyOptions { Backup = false, CreateMissing = true, Target = SemVersion.Parse("1.0.0") });
        var bobBefore = ws.Snapshot().Where(f => f.Key.Contains("bob", StringComparison.Ordinal)).ToList();

        using SqliteConnection holder = ws.Open(ws.UserPath("bob"));
        using (SqliteCommand begin = holder.CreateCommand())
        {
            begin.CommandText = "BEGIN IMMEDIATE";
            begin.ExecuteNonQuery();
        }

        RunResult result = await new MigrationRunner(ws.Targets(engine: new SqliteEngine(TimeSpan.FromMilliseconds(200)))).ApplyAsync(set,
            new ApplyOptions { Backup = false, CreateMissing = true });

        using (SqliteCommand rollback = holder.CreateCommand())
        {
            rollback.CommandText = "ROLLBACK";
            rollback.ExecuteNonQuery();
        }

        Assert.AreEqual(1, result.ExitCode);
        DatabaseResult bob = TestWorkspace.Only(result, "bob");
        Assert.AreEqual(DatabaseOutcome.Failed, bob.Outcome, TestWorkspace.Describe(result));
        Assert.Contains("locked", bob.Describe());
        Assert.Contains("bob", bob.Describe());
        Assert.AreEqual(4, result.Users.Count(u => u.Outcome == DatabaseOutcome.Migrated));
        CollectionAssert.AreEqual(bobBefore, ws.Snapshot().Where(f => f.Key.Contains("bob", StringComparison.Ordinal)).ToList(), "nothing half-applied");
        CollectionAssert.AreEqual(new[] { "baseline→1.0.0" }, ws.Column(ws.UserPath("bob"), "SELECT edge FROM ran"));

        RunResult again = await ws.ApplyAsync(CountingLedger);
        Assert.AreEqual(0, again.ExitCode, TestWorkspace.Describe(again));
        AssertExactlyOnce(ws, ws.UserPath("bob"), ["baseline→1.0.0", "1.0.0→1.1.0", "1.1.0→1.2.0", "1.2.0→1.3.0"], 4);
    }

    private static void AssertExactlyOnce(TestWorkspace ws, string path, string[] ran, int journalRows)
    {
        CollectionAssert.AreEqual(ran, ws.Column(path, "SELECT edge FROM ran ORDER BY rowid"), $"{Path.GetFileName(path)}: each block ran once");
        Assert.AreEqual((long)journalRows, ws.Scalar(path, "SELECT COUNT(*) FROM ledger_history"));
        Assert.AreEqual(0L, ws.Scalar(path, "SELECT COUNT(*) FROM (SELECT 1 FROM ledger_history GROUP BY from_version, to_version HAVING COUNT(*) > 1)"));
        Assert.AreEqual("1.3.0", ws.Scalar(path, "SELECT to_version FROM ledger_history ORDER BY rowid DESC LIMIT 1"));
    }
}
