using Ledger.Execution;

namespace Ledger.Sqlite.Tests.Engine;

/// <summary>Spec §3 point 2: the system database first; a failing system step touches no user database.</summary>
[TestClass]
public sealed class SystemFirstTests
{
    private const string FailingSystemStep = "CREATE TABLE audit (id INTEGER PRIMARY KEY);\nINSERT INTO no_such_table VALUES (1);";

    [TestMethod]
    public async Task FailingSystemStepOnEmptyDatabasesCreatesNoUserDatabase()
    {
        using var ws = new TestWorkspace();
        // The users query would find alice and bob (inserted by the first system step), so only the stop keeps them untouched.
        string ledger = Ledgers.Basic + LedgerText.Step("1.2.0", "1.3.0", system: FailingSystemStep, user: "CREATE TABLE later (x);");

        RunResult result = await ws.ApplyAsync(ledger);

        Assert.AreEqual(1, result.ExitCode, TestWorkspace.Describe(result));
        Assert.AreEqual(DatabaseOutcome.Failed, result.System!.Outcome);
        Assert.IsEmpty(result.Users);
        Assert.IsNotNull(result.UsersNotReached);
        Assert.IsFalse(Directory.Exists(Path.Combine(ws.Root, "users")), "no user database may be created");
        CollectionAssert.AreEqual(new[] { "alice", "bob" }, ws.Column(ws.SystemPath, "SELECT username FROM users ORDER BY username"));

        // Steps before the failing one are committed; the failed edge left nothing.
        Assert.AreEqual("1.2.0", result.System.To?.Normalized);
        Assert.AreEqual(0L, ws.Scalar(ws.SystemPath, "SELECT COUNT(*) FROM ledger_history WHERE to_version = '1.3.0'"));
        Assert.AreEqual("1.2.0", ws.Scalar(ws.SystemPath, "SELECT to_version FROM ledger_history ORDER BY rowid DESC LIMIT 1"));
        CollectionAssert.DoesNotContain(ws.Tables(ws.SystemPath), "audit");
    }

    [TestMethod]
    public async Task FailingSystemStepLeavesExistingUserDatabasesByteForByte()
    {
        using var ws = new TestWorkspace();
        await ws.ApplyAsync(Ledgers.Basic);
        var before = ws.Snapshot().Where(f => f.Key.StartsWith("users", StringComparison.Ordinal)).ToList();
        Assert.HasCount(2, before);
        string ledger = Ledgers.Basic + LedgerText.Step("1.2.0", "1.3.0", system: FailingSystemStep, user: "CREATE TABLE later (x);");

        RunResult result = await ws.ApplyAsync(ledger, new ApplyOptions { Backup = true, CreateMissing = true });

        Assert.AreEqual(1, result.ExitCode);
        Assert.AreEqual(DatabaseOutcome.Failed, result.System!.Outcome);
        CollectionAssert.AreEqual(before, ws.Snapshot().Where(f => f.Key.StartsWith("users", StringComparison.Ordinal)).ToList(),
            "user databases must not be touched (not even backed up)");
        Assert.AreEqual(3L, ws.Scalar(ws.SystemPath, "SELECT COUNT(*) FROM ledger_history"));
    }
}
