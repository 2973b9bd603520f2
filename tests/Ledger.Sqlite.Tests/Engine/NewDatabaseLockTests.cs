using Ledger.Execution;
using Ledger.Model;
using Ledger.Sqlite.Engine;
using Ledger.Versions;
using Microsoft.Data.Sqlite;

namespace Ledger.Sqlite.Tests.Engine;

/// <summary>
/// A database that was an empty file when Ledger opened it (a new tenant) is held by Ledger's connection from its
/// second step transaction until it closes, unless another connection wrote to it meanwhile (SQLite's exclusive locking
/// mode: the rollback journal is kept between commits instead of deleted and created again). An existing database
/// stays readable between steps, and nothing is left behind.
/// </summary>
[TestClass]
public sealed class NewDatabaseLockTests
{
    // Alice's steps: three with SQL, and 1.1.0→1.2.0 without (system only), which still commits its journal row.
    private static readonly string FourSteps = Ledgers.Basic + LedgerText.Step("1.2.0", "1.3.0", user: "CREATE TABLE tags (name TEXT);");

    [TestMethod]
    public async Task ANewDatabaseIsHeldFromItsSecondStepUntilItsRunEnds()
    {
        using var ws = new TestWorkspace();
        var seen = new List<string>();

        RunResult result = await ws.ApplyAsync(FourSteps, engine: ReadingAliceBeforeEachStep(ws, seen));

        Assert.AreEqual(0, result.ExitCode, TestWorkspace.Describe(result));
        CollectionAssert.AreEqual(new[] { "0 steps", "1 steps", "locked", "locked" }, seen, $"seen: {string.Join(", ", seen)}; " +
            "before its first step the file is empty, after it another connection reads; from the second step on it waits");
        Assert.AreEqual("4 steps", TryRead(ws.UserPath("alice")), "released when the run ends");
        AssertNothingLeft(ws, "alice");
    }

    [TestMethod]
    public async Task ANewDatabaseAnotherConnectionWroteToIsNotHeld()
    {
        using var ws = new TestWorkspace();
        var seen = new List<string>();
        int begins = 0;
        var engine = new HookedEngine(new SqliteEngine())
        {
            BeforeBeginStep = target =>
            {
                if (target.Name != "alice") return Task.CompletedTask;
                // After Ledger's first commit, the application writes to the new database: it is in use.
                if (++begins == 2) ws.Execute(ws.UserPath("alice"), "CREATE TABLE app_owned (x)");
                seen.Add(TryRead(ws.UserPath("alice")));
                return Task.CompletedTask;
            },
        };

        RunResult result = await ws.ApplyAsync(FourSteps, engine: engine);

        Assert.AreEqual(0, result.ExitCode, TestWorkspace.Describe(result));
        CollectionAssert.AreEqual(new[] { "0 steps", "1 steps", "2 steps", "3 steps" }, seen,
            $"seen: {string.Join(", ", seen)}; a database someone else wrote to stays readable between steps");
        AssertNothingLeft(ws, "alice");
    }

    [TestMethod]
    public async Task AnExistingDatabaseStaysReadableBetweenItsSteps()
    {
        using var ws = new TestWorkspace();
        MigrationSet set = TestWorkspace.Load(FourSteps);
        await ws.ApplyAsync(set, new ApplyOptions { Backup = false, CreateMissing = true, Target = SemVersion.Parse("1.0.0") });
        var seen = new List<string>();

        RunResult result = await ws.ApplyAsync(set, engine: ReadingAliceBeforeEachStep(ws, seen));

        Assert.AreEqual(0, result.ExitCode, TestWorkspace.Describe(result));
        CollectionAssert.AreEqual(new[] { "1 steps", "2 steps", "3 steps" }, seen, $"seen: {string.Join(", ", seen)}; readers are let in between the steps of a database in use");
        AssertNothingLeft(ws, "alice");
    }

    [TestMethod]
    public async Task ANewDatabaseWhoseLaterStepFailsIsLeftAtItsLastCommittedStepAndReleased()
    {
        using var ws = new TestWorkspace();
        string failing = Ledgers.Basic + LedgerText.Step("1.2.0", "1.3.0", user: "CREATE TABLE tags (name TEXT);\nINSERT INTO nowhere VALUES (1);");

        RunResult result = await ws.ApplyAsync(failing);

        DatabaseResult alice = TestWorkspace.Only(result, "alice");
        Assert.AreEqual(DatabaseOutcome.Failed, alice.Outcome, TestWorkspace.Describe(result));
        Assert.AreEqual("1.2.0", alice.To?.Normalized);
        Assert.AreEqual("3 steps", TryRead(ws.UserPath("alice")));
        CollectionAssert.DoesNotContain(ws.Tables(ws.UserPath("alice")), "tags", "the failed step left nothing");
        AssertNothingLeft(ws, "alice");
    }

    /// <summary>The real engine, with alice's database read by another connection before each of her steps begins.</summary>
    private static HookedEngine ReadingAliceBeforeEachStep(TestWorkspace ws, List<string> seen) => new(new SqliteEngine())
    {
        BeforeBeginStep = target =>
        {
            if (target.Name == "alice") seen.Add(TryRead(ws.UserPath("alice")));
            return Task.CompletedTask;
        },
    };

    /// <summary>How many steps another connection sees, or "locked" when it cannot read within a second.</summary>
    private static string TryRead(string path)
    {
        if (!File.Exists(path) || new FileInfo(path).Length == 0) return "0 steps";
        using var connection = new SqliteConnection($"Data Source={path};Mode=ReadOnly;Pooling=False;Default Timeout=1");
        connection.Open();
        using SqliteCommand command = connection.CreateCommand();
        command.CommandText = "SELECT count(*) FROM ledger_history";
        try
        {
            return $"{command.ExecuteScalar()} steps";
        }
        catch (SqliteException e) when (e.SqliteErrorCode == 5) // SQLITE_BUSY
        {
            return "locked";
        }
    }

    private static void AssertNothingLeft(TestWorkspace ws, string user)
    {
        CollectionAssert.DoesNotContain(ws.Entries(), Path.Combine("users", user + ".db-journal"), "the kept journal is deleted when the connection closes");
        Assert.AreEqual("delete", ws.Scalar(ws.UserPath(user), "PRAGMA journal_mode"), "the journal mode is not changed");
    }
}
