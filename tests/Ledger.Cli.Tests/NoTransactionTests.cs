using System.Diagnostics;

namespace Ledger.Cli.Tests;

/// <summary>
/// A no-transaction block run by the tool: killed while its second statement runs, the database is incomplete (apply,
/// status and verify exit 1 naming the edge and the statement), and <c>apply --resume</c> runs the block again from its
/// first statement.
/// </summary>
[TestClass]
public sealed class NoTransactionTests
{
    // Statement 2 of 1.0.0→1.1.0 reads without end while the table gate is empty: the run is killed there. The user then
    // fills gate (what "fix it by hand" stands for here), and the resumed block finishes.
    private const string Ledger = """
        # App

        ### 1.0.0

        ```sql
        -- [system:baseline→1.0.0:start]
        CREATE TABLE notes (id INTEGER PRIMARY KEY, topic TEXT);
        CREATE TABLE gate (open INTEGER);
        -- [system:baseline→1.0.0:end]
        ```

        ### 1.1.0

        ```sql
        -- [system:1.0.0→1.1.0:start]
        -- ledger:no-transaction
        CREATE INDEX IF NOT EXISTS notes_topic ON notes(topic);
        SELECT count(*) FROM (WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE (SELECT count(*) FROM gate) = 0) SELECT i FROM n);
        VACUUM;
        -- [system:1.0.0→1.1.0:end]
        ```
        """;

    private const string Config = """
        { "ledger": "MIGRATIONS.md", "scopes": { "system": { "database": "data/system.db" } }, "backup": { "enabled": false } }
        """;

    [TestMethod]
    public void ABlockKilledInItsSecondStatementIsReportedIncompleteAndResumedFromItsFirstStatement()
    {
        using var dir = new TempDirectory();
        dir.Write("ledger.json", Config);
        dir.Write("MIGRATIONS.md", Ledger);
        string db = Path.Combine(dir.Path, "data", "system.db");

        ProcessResult plan = LedgerProcess.Run(dir.Path, "plan", "--format", "sql");
        Assert.AreEqual(0, plan.ExitCode, plan.ToString());
        StringAssert.Contains(plan.Out, "outside a transaction: each statement commits on its own");
        StringAssert.Contains(plan.Out, "-- lock file ");

        using (Process run = LedgerProcess.Start(dir.Path, "apply"))
        {
            run.BeginOutputReadLine();
            run.BeginErrorReadLine();
            // Wait until the started row says statement 2 is running, then kill -9.
            var clock = Stopwatch.StartNew();
            while (!run.HasExited && Running(db) != "2")
            {
                Assert.IsLessThan(120, clock.Elapsed.TotalSeconds, "the block's second statement never started");
                Thread.Sleep(10);
            }

            Assert.IsFalse(run.HasExited, "the run ended before it could be killed");
            run.Kill(entireProcessTree: true);
            run.WaitForExit();
        }

        CollectionAssert.AreEqual(new[] { "baseline->1.0.0 applied", "1.0.0->1.1.0 started" }, TestDb.Journal(db));
        int line = LedgerText.LineOf(Ledger, "SELECT count(*)");
        foreach (string verb in new[] { "apply", "status", "verify" })
        {
            ProcessResult result = LedgerProcess.Run(dir.Path, verb);
            Assert.AreEqual(1, result.ExitCode, result.ToString());
            StringAssert.Contains(result.Out, "incomplete: step 1.0.0→1.1.0 was started at ", result.ToString());
            StringAssert.Contains(result.Out, $"statement 2 of 3 was running: SELECT count(*) FROM", result.ToString());
            StringAssert.Contains(result.Out, $"at MIGRATIONS.md:{line}", result.ToString());
            StringAssert.Contains(result.Out, "'ledger apply --resume'", result.ToString());
        }

        ProcessResult rollback = LedgerProcess.Run(dir.Path, "rollback", "--to", "baseline");
        Assert.AreEqual(1, rollback.ExitCode, rollback.ToString());
        StringAssert.Contains(rollback.Out + rollback.Error, "incomplete: step 1.0.0→1.1.0", rollback.ToString());
        CollectionAssert.AreEqual(new[] { "baseline->1.0.0 applied", "1.0.0->1.1.0 started" }, TestDb.Journal(db), "nothing changed");

        TestDb.Execute(db, "INSERT INTO gate VALUES (1)");
        ProcessResult resumed = LedgerProcess.Run(dir.Path, "apply", "--resume");
        Assert.AreEqual(0, resumed.ExitCode, resumed.ToString());
        CollectionAssert.AreEqual(new[] { "baseline->1.0.0 applied", "1.0.0->1.1.0 applied" }, TestDb.Journal(db));
        Assert.AreEqual("1", TestDb.Scalar(db, "SELECT count(*) FROM sqlite_master WHERE name = 'notes_topic'"));

        ProcessResult status = LedgerProcess.Run(dir.Path, "status");
        Assert.AreEqual(0, status.ExitCode, status.ToString());
    }

    /// <summary>The number of the statement the started row says is running, or null.</summary>
    private static string? Running(string db)
    {
        if (!File.Exists(db)) return null;
        try
        {
            return TestDb.Column(db, "SELECT duration_ms FROM ledger_history WHERE kind = 'started'").SingleOrDefault();
        }
        catch (Microsoft.Data.Sqlite.SqliteException)
        {
            return null; // no journal table yet
        }
    }
}
