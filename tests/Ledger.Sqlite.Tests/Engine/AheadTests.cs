using Ledger.Execution;
using Ledger.Versions;

namespace Ledger.Sqlite.Tests.Engine;

/// <summary>Spec §3 point 7: a database above the target, or at a version the ledger does not have, is not changed.</summary>
[TestClass]
public sealed class AheadTests
{
    [TestMethod]
    public async Task DatabaseAboveTheTargetIsAheadAndNotChanged()
    {
        using var ws = new TestWorkspace();
        await ws.ApplyAsync(Ledgers.Basic, new ApplyOptions { Backup = false, CreateMissing = true, Target = SemVersion.Parse("1.2.0") });
        var before = ws.Snapshot();

        RunResult result = await ws.ApplyAsync(Ledgers.Basic, new ApplyOptions { Backup = true, CreateMissing = true, Target = SemVersion.Parse("1.1.0") });

        Assert.AreEqual(3, result.ExitCode);
        Assert.AreEqual(DatabaseOutcome.Ahead, result.System!.Outcome);
        Assert.Contains("above the target", result.System.Message!);
        CollectionAssert.AreEqual(before, ws.Snapshot());
    }

    [TestMethod]
    public async Task UserDatabaseAheadDoesNotStopTheOthers()
    {
        using var ws = new TestWorkspace();
        await ws.ApplyAsync(Ledgers.Basic, new ApplyOptions { Backup = false, CreateMissing = true, Target = SemVersion.Parse("1.0.0") });
        ws.Execute(ws.UserPath("bob"),
            "INSERT INTO ledger_history VALUES ('user', '1.0.0', '1.1.0', 'x', NULL, '2025-01-01T00:00:00.000Z', 0, 'applied')," +
            " ('user', '1.1.0', '1.2.0', 'x', NULL, '2025-01-01T00:00:00.000Z', 0, 'applied')");

        RunResult result = await ws.ApplyAsync(Ledgers.Basic, new ApplyOptions { Backup = false, CreateMissing = true, Target = SemVersion.Parse("1.1.0") });

        Assert.AreEqual(3, result.ExitCode, TestWorkspace.Describe(result));
        Assert.AreEqual(DatabaseOutcome.Ahead, TestWorkspace.Only(result, "bob").Outcome);
        Assert.AreEqual(DatabaseOutcome.Migrated, TestWorkspace.Only(result, "alice").Outcome);
        CollectionAssert.AreEqual(new[] { "id", "body" }, ws.Columns(ws.UserPath("bob"), "notes"));
    }

    [TestMethod]
    public async Task DatabaseAtAVersionNotOnTheLineIsAheadAndNotChanged()
    {
        using var ws = new TestWorkspace();
        await ws.ApplyAsync(Ledgers.Basic);
        ws.Execute(ws.UserPath("alice"), "INSERT INTO ledger_history VALUES ('user', '1.2.0', '7.0.0', 'x', 'from a newer ledger', '2025-01-01T00:00:00.000Z', 0, 'applied')");
        var aliceBefore = ws.Snapshot().Where(f => f.Key.Contains("alice", StringComparison.Ordinal)).ToList();

        RunResult result = await ws.ApplyAsync(Ledgers.Basic + LedgerText.Step("1.2.0", "1.3.0", user: "CREATE TABLE tags (name TEXT);"));

        Assert.AreEqual(3, result.ExitCode, TestWorkspace.Describe(result));
        DatabaseResult alice = TestWorkspace.Only(result, "alice");
        Assert.AreEqual(DatabaseOutcome.Ahead, alice.Outcome);
        Assert.Contains("7.0.0", alice.Message!);
        Assert.AreEqual(DatabaseOutcome.Migrated, TestWorkspace.Only(result, "bob").Outcome);
        CollectionAssert.AreEqual(aliceBefore, ws.Snapshot().Where(f => f.Key.Contains("alice", StringComparison.Ordinal)).ToList());
    }

    [TestMethod]
    public async Task FailureWinsOverAheadInTheExitCode()
    {
        using var ws = new TestWorkspace();
        await ws.ApplyAsync(Ledgers.Basic);
        ws.Execute(ws.UserPath("alice"), "INSERT INTO ledger_history VALUES ('user', '1.2.0', '7.0.0', 'x', NULL, '2025-01-01T00:00:00.000Z', 0, 'applied')");

        RunResult result = await ws.ApplyAsync(Ledgers.Basic + LedgerText.Step("1.2.0", "1.3.0", user: "INSERT INTO nowhere VALUES (1);"));

        Assert.AreEqual(DatabaseOutcome.Ahead, TestWorkspace.Only(result, "alice").Outcome);
        Assert.AreEqual(DatabaseOutcome.Failed, TestWorkspace.Only(result, "bob").Outcome);
        Assert.AreEqual(1, result.ExitCode);
    }
}
