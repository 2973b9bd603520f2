using Ledger.Execution;

namespace Ledger.Sqlite.Tests.Engine;

/// <summary>Spec §3 point 6 and §1.4: an edited applied block is drift; line endings and trailing whitespace are not.</summary>
[TestClass]
public sealed class DriftTests
{
    private const string UserBlockLine = "CREATE INDEX notes_title ON notes(title);";
    private static readonly string NextStep = LedgerText.Step("1.2.0", "1.3.0", system: "CREATE TABLE settings (k TEXT);", user: "CREATE TABLE tags (name TEXT);");

    [TestMethod]
    public async Task EditedUserBlockIsDriftAndThatDatabaseIsNotChanged()
    {
        using var ws = new TestWorkspace();
        await ws.ApplyAsync(Ledgers.Basic);
        var usersBefore = ws.Snapshot().Where(f => f.Key.StartsWith("users", StringComparison.Ordinal)).ToList();
        string edited = Ledgers.Basic.Replace(UserBlockLine, UserBlockLine + "\nCREATE INDEX notes_body ON notes(body);", StringComparison.Ordinal) + NextStep;

        RunResult result = await ws.ApplyAsync(edited);

        Assert.AreEqual(3, result.ExitCode, TestWorkspace.Describe(result));
        Assert.AreEqual(DatabaseOutcome.Migrated, result.System!.Outcome, "the system block was not edited");
        foreach (string user in new[] { "alice", "bob" })
        {
            DatabaseResult r = TestWorkspace.Only(result, user);
            Assert.AreEqual(DatabaseOutcome.Drift, r.Outcome);
            Assert.AreEqual("1.0.0", r.Drift.Single().From);
            Assert.AreEqual("1.1.0", r.Drift.Single().To);
        }

        CollectionAssert.AreEqual(usersBefore, ws.Snapshot().Where(f => f.Key.StartsWith("users", StringComparison.Ordinal)).ToList(),
            "a drifted database is not changed");
    }

    [TestMethod]
    public async Task AllowDriftAppliesPendingStepsAnyway()
    {
        using var ws = new TestWorkspace();
        await ws.ApplyAsync(Ledgers.Basic);
        string edited = Ledgers.Basic.Replace(UserBlockLine, UserBlockLine + "\nCREATE INDEX notes_body ON notes(body);", StringComparison.Ordinal) + NextStep;

        RunResult result = await ws.ApplyAsync(edited, new ApplyOptions { Backup = false, CreateMissing = true, AllowDrift = true });

        Assert.AreEqual(0, result.ExitCode, TestWorkspace.Describe(result));
        Assert.AreEqual(DatabaseOutcome.Migrated, TestWorkspace.Only(result, "alice").Outcome);
        CollectionAssert.Contains(ws.Tables(ws.UserPath("alice")), "tags");
        Assert.AreEqual(0L, ws.Scalar(ws.UserPath("alice"), "SELECT COUNT(*) FROM sqlite_master WHERE name = 'notes_body'"), "the edited step is not re-run");
        Assert.AreEqual("1.0.0", TestWorkspace.Only(result, "alice").Drift.Single().From, "the drift that was allowed is still reported");
    }

    [TestMethod]
    public async Task DriftInTheSystemDatabaseStopsBeforeAnyUserDatabase()
    {
        using var ws = new TestWorkspace();
        await ws.ApplyAsync(Ledgers.Basic);
        var before = ws.Snapshot();
        string edited = Ledgers.Basic.Replace("ALTER TABLE users ADD COLUMN email TEXT;", "ALTER TABLE users ADD COLUMN email TEXT NOT NULL DEFAULT '';", StringComparison.Ordinal)
                        + NextStep;

        RunResult result = await ws.ApplyAsync(edited, new ApplyOptions { Backup = true, CreateMissing = true });

        Assert.AreEqual(3, result.ExitCode);
        Assert.AreEqual(DatabaseOutcome.Drift, result.System!.Outcome);
        Assert.IsEmpty(result.Users);
        Assert.IsNotNull(result.UsersNotReached);
        CollectionAssert.AreEqual(before, ws.Snapshot(), "nothing changed, nothing backed up");
    }

    [TestMethod]
    public async Task CrlfCheckoutOfTheSameLedgerIsNotDrift()
    {
        using var ws = new TestWorkspace();
        await ws.ApplyAsync(Ledgers.Basic);
        string crlf = Ledgers.Basic.Replace("\r\n", "\n", StringComparison.Ordinal).Replace("\n", "\r\n", StringComparison.Ordinal);
        Assert.AreNotEqual(Ledgers.Basic, crlf);

        RunResult result = await ws.ApplyAsync(crlf);

        Assert.AreEqual(0, result.ExitCode, TestWorkspace.Describe(result));
        Assert.AreEqual(3, result.Count(DatabaseOutcome.Current));
    }

    [TestMethod]
    public async Task CrlfCheckoutWithBomReportsFailuresAtTheRightLine()
    {
        using var ws = new TestWorkspace();
        string ledger = Ledgers.Basic + LedgerText.Step("1.2.0", "1.3.0", user: "CREATE TABLE a (x);\n\nINSERT INTO nowhere VALUES (1);");
        string crlf = "\uFEFF" + ledger.Replace("\n", "\r\n", StringComparison.Ordinal);

        RunResult result = await ws.ApplyAsync(crlf);

        Assert.AreEqual(LedgerText.LineOf(ledger, "INSERT INTO nowhere"), TestWorkspace.Only(result, "alice").Failure!.Location!.Line);
    }

    [TestMethod]
    public async Task TrailingWhitespaceAndBlankLinesAroundABodyAreNotDrift()
    {
        using var ws = new TestWorkspace();
        await ws.ApplyAsync(Ledgers.Basic);
        string reformatted = Ledgers.Basic
            .Replace(UserBlockLine, UserBlockLine + "   \t", StringComparison.Ordinal)
            .Replace("-- [user:1.0.0→1.1.0:start]", "-- [user:1.0.0→1.1.0:start]\n\n   ", StringComparison.Ordinal)
            .Replace("-- [user:1.0.0→1.1.0:end]", "\n\n-- [user:1.0.0→1.1.0:end]", StringComparison.Ordinal)
            .Replace("CREATE TABLE users (username TEXT PRIMARY KEY);", "CREATE TABLE users (username TEXT PRIMARY KEY);  ", StringComparison.Ordinal);
        Assert.AreNotEqual(Ledgers.Basic, reformatted);

        RunResult result = await ws.ApplyAsync(reformatted);

        Assert.AreEqual(0, result.ExitCode, TestWorkspace.Describe(result));
        Assert.AreEqual(3, result.Count(DatabaseOutcome.Current));
    }

    [TestMethod]
    public async Task DeletedJournalRowIsDrift()
    {
        using var ws = new TestWorkspace();
        await ws.ApplyAsync(Ledgers.Basic);
        ws.Execute(ws.UserPath("bob"), "DELETE FROM ledger_history WHERE to_version = '1.1.0'");

        RunResult result = await ws.ApplyAsync(Ledgers.Basic + NextStep);

        Assert.AreEqual(3, result.ExitCode);
        Assert.AreEqual(DatabaseOutcome.Drift, TestWorkspace.Only(result, "bob").Outcome);
        Assert.IsNull(TestWorkspace.Only(result, "bob").Drift.Single().Recorded);
        Assert.AreEqual(DatabaseOutcome.Migrated, TestWorkspace.Only(result, "alice").Outcome);
        CollectionAssert.DoesNotContain(ws.Tables(ws.UserPath("bob")), "tags");
    }
}
