using Ledger.Execution;
using Ledger.Sqlite.Engine;
using Ledger.Versions;

namespace Ledger.Sqlite.Tests.Engine;

/// <summary>Spec §3 points 4 and 5: one transaction per step; a failure leaves nothing of the step and says where it failed.</summary>
[TestClass]
public sealed class StepTransactionTests
{
    // The third statement fails for every user: the column does not exist. It starts after a comment, on its own line.
    private const string FailsInThirdStatement = """
        CREATE TABLE tags (id INTEGER PRIMARY KEY, name TEXT NOT NULL);
        INSERT INTO tags (name) VALUES ('first');
        -- this one is wrong
        INSERT INTO notes (id, body, colour)
            VALUES (1, 'x', 'red');
        """;

    [TestMethod]
    public async Task AJournalRowAnotherToolWritesBetweenTwoStepsFailsTheNextStepAndKeepsTheOneCommitted()
    {
        using var ws = new TestWorkspace();
        var options = new ApplyOptions { Backup = false, CreateMissing = true };
        await ws.ApplyAsync(Ledgers.Basic, options with { Target = SemVersion.Parse("1.0.0") });
        // Before alice's second step, another tool recreates her journal without its constraints and writes a kind
        // Ledger does not know: the step's transaction reads the journal again (someone else wrote) and cannot use it.
        int begins = 0;
        var engine = new HookedEngine(new SqliteEngine(TimeSpan.FromSeconds(5)))
        {
            BeforeBeginStep = target =>
            {
                if (target.Name == "alice" && ++begins == 2)
                {
                    ws.Execute(target.Location,
                        "ALTER TABLE ledger_history RENAME TO old_history; " +
                        "CREATE TABLE ledger_history (scope, from_version, to_version, checksum, title, applied_at, duration_ms, kind); " +
                        "INSERT INTO ledger_history SELECT * FROM old_history; DROP TABLE old_history; " +
                        "UPDATE ledger_history SET kind = 'imported' WHERE to_version = '1.0.0';");
                }

                return Task.CompletedTask;
            },
        };

        RunResult result = await ws.ApplyAsync(Ledgers.Basic, options, engine: engine);

        Assert.AreEqual(2, begins);
        Assert.AreEqual(1, result.ExitCode, TestWorkspace.Describe(result));
        DatabaseResult alice = TestWorkspace.Only(result, "alice");
        Assert.AreEqual(DatabaseOutcome.Failed, alice.Outcome);
        Assert.AreEqual("1.1.0→1.2.0", alice.Failure!.Edge);
        Assert.Contains("cannot read its history table: row 1 of ledger_history has kind 'imported'", alice.Failure.Message);
        Assert.AreEqual("1.1.0", alice.To?.Normalized);
        CollectionAssert.AreEqual(new[] { "1.0.0→1.1.0" }, alice.Applied.Select(a => $"{a.From}→{a.To}").ToArray());
        Assert.AreEqual(DatabaseOutcome.Migrated, TestWorkspace.Only(result, "bob").Outcome);
    }

    [TestMethod]
    public async Task BlockFailingInItsThirdStatementLeavesNothingAndSaysWhere()
    {
        using var ws = new TestWorkspace();
        string ledger = Ledgers.Basic + LedgerText.Step("1.2.0", "1.3.0", user: FailsInThirdStatement);

        RunResult result = await ws.ApplyAsync(ledger);

        Assert.AreEqual(1, result.ExitCode);
        Assert.AreEqual(DatabaseOutcome.Migrated, result.System!.Outcome, "the system has no block for 1.3.0: an empty step");
        int line = LedgerText.LineOf(ledger, "INSERT INTO notes (id, body, colour)");
        foreach (string user in new[] { "alice", "bob" })
        {
            DatabaseResult r = TestWorkspace.Only(result, user);
            Assert.AreEqual(DatabaseOutcome.Failed, r.Outcome);
            Assert.AreEqual("1.2.0", r.To?.Normalized, "left at the previous version");
            Assert.AreEqual("1.2.0→1.3.0", r.Failure!.Edge);
            Assert.AreEqual(line, r.Failure.Location!.Line);
            Assert.AreEqual("MIGRATIONS.md", r.Failure.Location.Path);
            Assert.StartsWith("INSERT INTO notes (id, body, colour)", r.Failure.Statement!);
            Assert.Contains("colour", r.Failure.Message, "SQLite's message");
            string described = r.Describe();
            Assert.Contains($"user {user}", described, "names the database");
            Assert.Contains(ws.UserPath(user), described);
            Assert.Contains($"MIGRATIONS.md:{line}", described);
            Assert.Contains("1.2.0→1.3.0", described);

            Assert.AreEqual(0L, ws.Scalar(ws.UserPath(user), "SELECT COUNT(*) FROM sqlite_master WHERE name = 'tags'"), "nothing of the first two statements");
            Assert.AreEqual(0L, ws.Scalar(ws.UserPath(user), "SELECT COUNT(*) FROM ledger_history WHERE to_version = '1.3.0'"), "no journal row");
            Assert.AreEqual(3L, ws.Scalar(ws.UserPath(user), "SELECT COUNT(*) FROM ledger_history"));
        }

        // Fixing the block (nobody recorded it, so this is not drift) and running again finishes every database.
        string fixedLedger = ledger.Replace("colour", "title", StringComparison.Ordinal);
        RunResult again = await ws.ApplyAsync(fixedLedger);

        Assert.AreEqual(0, again.ExitCode, TestWorkspace.Describe(again));
        foreach (string user in new[] { "alice", "bob" })
        {
            Assert.AreEqual("1.3.0", ws.Scalar(ws.UserPath(user), "SELECT to_version FROM ledger_history ORDER BY rowid DESC LIMIT 1"));
            Assert.AreEqual(1L, ws.Scalar(ws.UserPath(user), "SELECT COUNT(*) FROM tags"));
            Assert.AreEqual("red", ws.Scalar(ws.UserPath(user), "SELECT title FROM notes WHERE id = 1"));
        }
    }

    [TestMethod]
    public async Task OneUserFailingDoesNotStopTheOthers()
    {
        using var ws = new TestWorkspace();
        await ws.ApplyAsync(Ledgers.Basic);
        ws.Execute(ws.UserPath("bob"), "INSERT INTO notes (id, body) VALUES (99, 'bob wrote this')");
        string ledger = Ledgers.Basic + LedgerText.Step("1.2.0", "1.3.0", user: "CREATE TABLE tags (name TEXT);\nINSERT INTO tags VALUES ('welcome');\nINSERT INTO notes (id, body) VALUES (99, 'welcome');");

        RunResult result = await ws.ApplyAsync(ledger);

        Assert.AreEqual(1, result.ExitCode);
        Assert.AreEqual(DatabaseOutcome.Migrated, TestWorkspace.Only(result, "alice").Outcome);
        DatabaseResult bob = TestWorkspace.Only(result, "bob");
        Assert.AreEqual(DatabaseOutcome.Failed, bob.Outcome);
        Assert.Contains("UNIQUE constraint failed", bob.Failure!.Message);
        Assert.AreEqual(LedgerText.LineOf(ledger, "VALUES (99, 'welcome')"), bob.Failure.Location!.Line);
        CollectionAssert.DoesNotContain(ws.Tables(ws.UserPath("bob")), "tags");
        Assert.AreEqual("bob wrote this", ws.Scalar(ws.UserPath("bob"), "SELECT body FROM notes WHERE id = 99"));

        ws.Execute(ws.UserPath("bob"), "UPDATE notes SET id = 100 WHERE id = 99");
        RunResult again = await ws.ApplyAsync(ledger);

        Assert.AreEqual(0, again.ExitCode, TestWorkspace.Describe(again));
        Assert.AreEqual(DatabaseOutcome.Migrated, TestWorkspace.Only(again, "bob").Outcome);
        Assert.AreEqual(DatabaseOutcome.Current, TestWorkspace.Only(again, "alice").Outcome);
    }

    [TestMethod]
    public async Task PerStepModeKeepsTheStepsBeforeTheFailure()
    {
        using var ws = new TestWorkspace();
        await ws.ApplyAsync(Ledgers.Basic, new ApplyOptions { Backup = false, CreateMissing = true, Target = SemVersion.Parse("1.0.0") });
        string ledger = Ledgers.Basic + LedgerText.Step("1.2.0", "1.3.0", user: "INSERT INTO nowhere VALUES (1);");

        RunResult result = await ws.ApplyAsync(ledger);

        DatabaseResult alice = TestWorkspace.Only(result, "alice");
        Assert.AreEqual(DatabaseOutcome.Failed, alice.Outcome);
        Assert.AreEqual("1.2.0", alice.To?.Normalized);
        Assert.HasCount(2, alice.Applied);
        CollectionAssert.AreEqual(new[] { "id", "body", "title" }, ws.Columns(ws.UserPath("alice"), "notes"));
    }

    [TestMethod]
    public async Task PerDatabaseModeFailureInALaterStepLeavesNothingOfAnyStep()
    {
        using var ws = new TestWorkspace();
        await ws.ApplyAsync(Ledgers.Basic, new ApplyOptions { Backup = false, CreateMissing = true, Target = SemVersion.Parse("1.0.0") });
        string ledger = Ledgers.Basic + LedgerText.Step("1.2.0", "1.3.0", user: "CREATE TABLE tags (name TEXT);\nINSERT INTO nowhere VALUES (1);");

        RunResult result = await ws.ApplyAsync(ledger,
            new ApplyOptions { Backup = false, CreateMissing = true, TransactionMode = TransactionMode.PerDatabase });

        Assert.AreEqual(1, result.ExitCode);
        foreach (string user in new[] { "alice", "bob" })
        {
            DatabaseResult r = TestWorkspace.Only(result, user);
            Assert.AreEqual(DatabaseOutcome.Failed, r.Outcome);
            Assert.AreEqual("1.0.0", r.To?.Normalized);
            Assert.IsEmpty(r.Applied);
            Assert.AreEqual("1.2.0→1.3.0", r.Failure!.Edge);
            CollectionAssert.AreEqual(new[] { "user baseline->1.0.0 applied" }, ws.Journal(ws.UserPath(user)));
            CollectionAssert.AreEqual(new[] { "id", "body" }, ws.Columns(ws.UserPath(user), "notes"), "nothing of 1.0.0→1.1.0 either");
            Assert.AreEqual(0L, ws.Scalar(ws.UserPath(user), "SELECT COUNT(*) FROM sqlite_master WHERE name IN ('tags', 'notes_title')"));
        }
    }

    [TestMethod]
    public async Task PerDatabaseModeAppliesEveryStepInOneGo()
    {
        using var ws = new TestWorkspace();

        RunResult result = await ws.ApplyAsync(Ledgers.Basic,
            new ApplyOptions { Backup = false, CreateMissing = true, TransactionMode = TransactionMode.PerDatabase });

        Assert.AreEqual(0, result.ExitCode, TestWorkspace.Describe(result));
        CollectionAssert.AreEqual(
            new[] { "user baseline->1.0.0 applied", "user 1.0.0->1.1.0 applied", "user 1.1.0->1.2.0 empty" }, ws.Journal(ws.UserPath("alice")));
    }
}
