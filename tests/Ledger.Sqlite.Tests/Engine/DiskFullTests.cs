using Ledger.Execution;
using Ledger.Sqlite.Engine;

namespace Ledger.Sqlite.Tests.Engine;

/// <summary>
/// Spec §3 point 10 at the unit level: a step that runs out of room (SQLITE_FULL) leaves the database at its previous
/// version. The ledger is the real one; only alice's connection is given a page limit (PRAGMA max_page_count holds
/// for the connection that sets it), as a full disk would do to her file.
/// </summary>
[TestClass]
public sealed class DiskFullTests
{
    private const string BigStep = """
        CREATE TABLE blobs (b BLOB NOT NULL);
        WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 500)
        INSERT INTO blobs SELECT randomblob(4096) FROM n;
        """;

    [TestMethod]
    public async Task StepFailingWithSqliteFullLeavesThePreviousVersion()
    {
        using var ws = new TestWorkspace();
        await ws.ApplyAsync(Ledgers.Basic);
        string ledger = Ledgers.Basic + LedgerText.Step("1.2.0", "1.3.0", user: BigStep);
        var aliceBefore = ws.Snapshot().Where(f => f.Key.Contains("alice", StringComparison.Ordinal)).ToList();
        var engine = new HookedEngine(new SqliteEngine(TimeSpan.FromSeconds(5)))
        {
            AfterOpen = async connection =>
            {
                if (connection.Target.Name != "alice") return;
                await foreach (QueryRow _ in connection.QueryAsync("PRAGMA max_page_count = 40", names => [], CancellationToken.None))
                {
                }
            },
        };

        RunResult result = await ws.ApplyAsync(ledger, engine: engine);

        Assert.AreEqual(1, result.ExitCode);
        DatabaseResult alice = TestWorkspace.Only(result, "alice");
        Assert.AreEqual(DatabaseOutcome.Failed, alice.Outcome, TestWorkspace.Describe(result));
        Assert.Contains("full", alice.Failure!.Message);
        Assert.AreEqual("1.2.0", alice.To?.Normalized);
        Assert.AreEqual(LedgerText.LineOf(ledger, "WITH RECURSIVE"), alice.Failure.Location!.Line);
        CollectionAssert.AreEqual(aliceBefore, ws.Snapshot().Where(f => f.Key.Contains("alice", StringComparison.Ordinal)).ToList(),
            "alice's file is as it was");
        Assert.AreEqual("ok", ws.Scalar(ws.UserPath("alice"), "PRAGMA integrity_check"));
        Assert.AreEqual(DatabaseOutcome.Migrated, TestWorkspace.Only(result, "bob").Outcome);
        Assert.AreEqual(500L, ws.Scalar(ws.UserPath("bob"), "SELECT COUNT(*) FROM blobs"));

        // With room again, the next run finishes the job.
        RunResult again = await ws.ApplyAsync(ledger);
        Assert.AreEqual(0, again.ExitCode, TestWorkspace.Describe(again));
        Assert.AreEqual(500L, ws.Scalar(ws.UserPath("alice"), "SELECT COUNT(*) FROM blobs"));
        Assert.AreEqual(1L, ws.Scalar(ws.UserPath("alice"), "SELECT COUNT(*) FROM ledger_history WHERE to_version = '1.3.0'"));
    }

    [TestMethod]
    public async Task SoundDatabasePassesTheIntegrityCheckAfterItsLastStep()
    {
        using var ws = new TestWorkspace();

        RunResult quick = await ws.ApplyAsync(Ledgers.Basic, new ApplyOptions { Backup = false, CreateMissing = true, Target = Versions.SemVersion.Parse("1.1.0") });
        RunResult full = await ws.ApplyAsync(Ledgers.Basic, new ApplyOptions { Backup = false, CreateMissing = true, FullCheck = true });

        Assert.AreEqual(0, quick.ExitCode, TestWorkspace.Describe(quick));
        Assert.AreEqual(0, full.ExitCode, TestWorkspace.Describe(full));
        Assert.IsTrue(quick.All.Concat(full.All).All(r => r.Failure is null && r.Message is null));
    }
}
