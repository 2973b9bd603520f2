using Ledger.Execution;
using Ledger.Model;
using Ledger.Sqlite.Engine;
using Ledger.Versions;
using Ledger.Sqlite.Targets;

namespace Ledger.Sqlite.Tests.Engine;

/// <summary><c>ledger baseline --version V</c>: a database made before Ledger is stamped, then only later steps run.</summary>
[TestClass]
public sealed class BaselineStamperTests
{
    [TestMethod]
    public async Task StampedDatabaseGetsOnlyTheLaterSteps()
    {
        using var ws = new TestWorkspace();
        // The system database as the application made it before Ledger: the schema of 1.1.0, with data.
        ws.Execute(ws.SystemPath, "CREATE TABLE users (username TEXT PRIMARY KEY); INSERT INTO users VALUES ('alice');");
        MigrationSet set = TestWorkspace.Load(Ledgers.Basic);

        DatabaseResult stamped = await new BaselineStamper(ws.Targets()).StampAsync(set, ws.System, SemVersion.Parse("1.1.0"));

        Assert.AreEqual(DatabaseOutcome.Stamped, stamped.Outcome, stamped.Describe());
        CollectionAssert.AreEqual(new[] { "system baseline->1.0.0 baselined", "system 1.0.0->1.1.0 baselined" }, ws.Journal(ws.SystemPath));
        CollectionAssert.AreEqual(new[] { "username" }, ws.Columns(ws.SystemPath, "users"), "stamping runs no block");

        // The baseline block's CREATE TABLE users would fail if it ran again: only 1.1.0→1.2.0 may run.
        RunResult result = await ws.ApplyAsync(set, users: TestWorkspace.QueryUsers("SELECT username FROM users WHERE 0", ws.UserTemplate));

        Assert.AreEqual(0, result.ExitCode, TestWorkspace.Describe(result));
        CollectionAssert.AreEqual(new[] { "1.2.0" }, result.System!.Applied.Select(a => a.To.Normalized).ToArray());
        CollectionAssert.AreEqual(new[] { "username", "email" }, ws.Columns(ws.SystemPath, "users"));
        Assert.AreEqual("alice", ws.Scalar(ws.SystemPath, "SELECT username FROM users"));
    }

    [TestMethod]
    public async Task DatabaseWithAJournalIsRefusedAndUnchanged()
    {
        using var ws = new TestWorkspace();
        await ws.ApplyAsync(Ledgers.Basic, new ApplyOptions { Backup = false, CreateMissing = true, Target = SemVersion.Parse("1.0.0") });
        var before = ws.Snapshot();

        DatabaseResult result = await new BaselineStamper(ws.Targets()).StampAsync(TestWorkspace.Load(Ledgers.Basic), ws.System, SemVersion.Parse("1.2.0"));

        Assert.AreEqual(DatabaseOutcome.Failed, result.Outcome);
        Assert.Contains("already has a history table", result.Message!);
        CollectionAssert.AreEqual(before, ws.Snapshot());
    }

    [TestMethod]
    public async Task MissingDatabaseIsSkippedAndNotCreated()
    {
        using var ws = new TestWorkspace();

        DatabaseResult result = await new BaselineStamper(ws.Targets()).StampAsync(TestWorkspace.Load(Ledgers.Basic), ws.System, SemVersion.Parse("1.0.0"));

        Assert.AreEqual(DatabaseOutcome.Skipped, result.Outcome);
        Assert.IsEmpty(ws.Entries());
    }

    [TestMethod]
    public async Task ADatabaseOfAScopeTheLayoutDoesNotDeclareFailsAndIsNotStamped()
    {
        using var ws = new TestWorkspace();
        string cache = Path.Combine(ws.Root, "cache.db");
        ws.Execute(cache, "CREATE TABLE t (id INTEGER)");

        DatabaseResult result = await new BaselineStamper(ws.Targets()).StampAsync(TestWorkspace.Load(Ledgers.Basic), new DatabaseTarget("cache", "cache", cache), SemVersion.Parse("1.0.0"));

        Assert.AreEqual(DatabaseOutcome.Failed, result.Outcome, result.Describe());
        Assert.Contains("no scope 'cache'", result.Message!);
        Assert.AreEqual(0L, ws.Scalar(cache, "SELECT count(*) FROM sqlite_master WHERE name = 'ledger_history'"));
    }

    [TestMethod]
    public async Task StampingStopsBetweenDatabasesWhenCancelled()
    {
        using var ws = new TestWorkspace();
        ws.Execute(ws.SystemPath, "CREATE TABLE users (username TEXT PRIMARY KEY); INSERT INTO users VALUES ('alice');");
        Directory.CreateDirectory(Path.GetDirectoryName(ws.UserPath("alice"))!);
        ws.Execute(ws.UserPath("alice"), "CREATE TABLE notes (id INTEGER)");
        using var cancel = new CancellationTokenSource();
        var engine = new HookedEngine(new SqliteEngine(TimeSpan.FromSeconds(5)))
        {
            // Cancelled while the system database is being stamped: it finishes, alice is not started.
            AfterOpen = _ => cancel.CancelAsync(),
        };

        RunResult result = await new BaselineStamper(ws.Targets(engine: engine)).StampAllAsync(TestWorkspace.Load(Ledgers.Basic), SemVersion.Parse("1.0.0"), cancel.Token);

        Assert.IsTrue(result.Interrupted);
        Assert.AreEqual(1, result.ExitCode);
        Assert.AreEqual(DatabaseOutcome.Stamped, result.System!.Outcome, TestWorkspace.Describe(result));
        Assert.IsEmpty(result.Users);
        Assert.AreEqual(0L, ws.Scalar(ws.UserPath("alice"), "SELECT count(*) FROM sqlite_master WHERE name = 'ledger_history'"));
    }
}
