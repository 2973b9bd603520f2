using Ledger.Execution;

namespace Ledger.Sqlite.Tests.Engine;

[TestClass]
public sealed class ApplyTests
{
    [TestMethod]
    public async Task AppliesSystemThenEveryUserAndRecordsEachEdge()
    {
        using var ws = new TestWorkspace();
        RunResult result = await ws.ApplyAsync(Ledgers.Basic);

        Assert.AreEqual(0, result.ExitCode, string.Join("\n", result.All.Select(r => r.Describe())));
        Assert.AreEqual(DatabaseOutcome.Migrated, result.System!.Outcome);
        Assert.AreEqual(2, result.Count(DatabaseOutcome.Migrated) - 1);
        CollectionAssert.AreEqual(new[] { "email", "username" }, ws.Columns(ws.SystemPath, "users").Order().ToArray());
        CollectionAssert.AreEqual(new[] { "id", "body", "title" }, ws.Columns(ws.UserPath("alice"), "notes"));
        CollectionAssert.AreEqual(
            new[] { "user baseline->1.0.0 applied", "user 1.0.0->1.1.0 applied", "user 1.1.0->1.2.0 empty" },
            ws.Journal(ws.UserPath("bob")));
        CollectionAssert.AreEqual(
            new[] { "system baseline->1.0.0 applied", "system 1.0.0->1.1.0 empty", "system 1.1.0->1.2.0 applied" },
            ws.Journal(ws.SystemPath));
    }

    [TestMethod]
    public async Task SecondRunChangesNothing()
    {
        using var ws = new TestWorkspace();
        await ws.ApplyAsync(Ledgers.Basic);
        RunResult again = await ws.ApplyAsync(Ledgers.Basic);

        Assert.AreEqual(0, again.ExitCode);
        Assert.AreEqual(3, again.Count(DatabaseOutcome.Current));
        Assert.AreEqual(3, ws.Journal(ws.UserPath("alice")).Count);
    }
}
