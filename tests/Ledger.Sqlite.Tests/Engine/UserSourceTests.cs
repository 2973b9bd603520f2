using Ledger.Execution;
using Ledger.Targets;
using Ledger.Versions;
using Ledger.Sqlite.Targets;

namespace Ledger.Sqlite.Tests.Engine;

/// <summary>Spec §3 point 3 and §2.1: finding user databases, creating missing ones, parallelism and --fail-fast.</summary>
[TestClass]
public sealed class UserSourceTests
{
    [TestMethod]
    public async Task UsersFromQueryAndPathTemplateAreMigrated()
    {
        using var ws = new TestWorkspace();

        RunResult result = await ws.ApplyAsync(Ledgers.Basic);

        Assert.AreEqual(0, result.ExitCode, TestWorkspace.Describe(result));
        CollectionAssert.AreEquivalent(new[] { "alice", "bob" }, result.Users.Select(u => u.Target.Name).ToArray());
        foreach (string user in new[] { "alice", "bob" })
        {
            Assert.AreEqual(ws.UserPath(user), TestWorkspace.Only(result, user).Target.Location);
            Assert.AreEqual("1.2.0", ws.Scalar(ws.UserPath(user), "SELECT MAX(to_version) FROM ledger_history"));
        }
    }

    [TestMethod]
    public async Task UsersFromGlobAreTheExistingFilesNamedByTheirStem()
    {
        using var ws = new TestWorkspace();
        Directory.CreateDirectory(Path.Combine(ws.Root, "users"));
        foreach (string user in new[] { "carol", "dave" })
        {
            ws.Execute(ws.UserPath(user), "CREATE TABLE IF NOT EXISTS app_owned (x)"); // an existing, non-Ledger database
        }

        File.WriteAllText(Path.Combine(ws.Root, "users", "notes.txt"), "not a database");
        var glob = TestWorkspace.GlobUsers(Path.Combine(ws.Root, "users", "*.db"));

        RunResult result = await ws.ApplyAsync(Ledgers.Basic, users: glob);

        Assert.AreEqual(0, result.ExitCode, TestWorkspace.Describe(result));
        CollectionAssert.AreEqual(new[] { "carol", "dave" }, result.Users.Select(u => u.Target.Name).Order().ToArray());
        Assert.IsTrue(result.Users.All(u => u.Outcome == DatabaseOutcome.Migrated));
        CollectionAssert.AreEqual(new[] { "app_owned", "notes" }, ws.Tables(ws.UserPath("carol")));
        Assert.IsFalse(File.Exists(ws.UserPath("alice")), "the glob lists files; the system's users table is not consulted");
    }

    [TestMethod]
    public async Task GlobFileNamesAreHeldToTheUserNameRule()
    {
        using var ws = new TestWorkspace();
        Directory.CreateDirectory(Path.Combine(ws.Root, "users"));
        ws.Execute(ws.UserPath("dave"), "CREATE TABLE IF NOT EXISTS app_owned (x)");
        ws.Execute(Path.Combine(ws.Root, "users", "bad name.db"), "CREATE TABLE IF NOT EXISTS app_owned (x)");

        RunResult result = await ws.ApplyAsync(Ledgers.Basic, users: TestWorkspace.GlobUsers(Path.Combine(ws.Root, "users", "*.db")));

        Assert.AreEqual(1, result.ExitCode, TestWorkspace.Describe(result));
        Assert.AreEqual(DatabaseOutcome.Migrated, TestWorkspace.Only(result, "dave").Outcome);
        DatabaseResult bad = TestWorkspace.Only(result, "bad name");
        Assert.AreEqual(DatabaseOutcome.Failed, bad.Outcome);
        StringAssert.Contains(bad.Message, "user name 'bad name' is rejected");
        CollectionAssert.AreEqual(new[] { "app_owned" }, ws.Tables(Path.Combine(ws.Root, "users", "bad name.db")), "a rejected database is not touched");
    }

    [TestMethod]
    public async Task MissingUserDatabaseIsCreatedFromBaselineWithCreateMissing()
    {
        using var ws = new TestWorkspace();

        RunResult result = await ws.ApplyAsync(Ledgers.Basic, new ApplyOptions { Backup = false, CreateMissing = true });

        DatabaseResult alice = TestWorkspace.Only(result, "alice");
        Assert.AreEqual(DatabaseOutcome.Migrated, alice.Outcome);
        Assert.AreEqual("baseline", alice.From?.Normalized);
        Assert.AreEqual("1.2.0", alice.To?.Normalized);
        Assert.IsTrue(File.Exists(ws.UserPath("alice")));
        Assert.HasCount(3, ws.Journal(ws.UserPath("alice")));
    }

    [TestMethod]
    public async Task MissingUserDatabaseIsSkippedAndNotCreatedWithoutCreateMissing()
    {
        using var ws = new TestWorkspace();
        await ws.ApplyAsync(Ledgers.Basic, new ApplyOptions { Backup = false, Target = SemVersion.Parse("1.0.0"), CreateMissing = false });
        Directory.CreateDirectory(Path.Combine(ws.Root, "users"));
        ws.Execute(ws.UserPath("alice"), "CREATE TABLE app_owned (x)");

        RunResult result = await ws.ApplyAsync(Ledgers.Basic, new ApplyOptions { Backup = false, CreateMissing = false });

        Assert.AreEqual(0, result.ExitCode, TestWorkspace.Describe(result));
        DatabaseResult bob = TestWorkspace.Only(result, "bob");
        Assert.AreEqual(DatabaseOutcome.Skipped, bob.Outcome);
        Assert.Contains("does not exist", bob.Message!);
        Assert.IsFalse(File.Exists(ws.UserPath("bob")));
        CollectionAssert.AreEqual(new[] { "alice.db" }, Directory.GetFiles(Path.Combine(ws.Root, "users")).Select(Path.GetFileName).ToArray());
        Assert.AreEqual(DatabaseOutcome.Migrated, TestWorkspace.Only(result, "alice").Outcome);
    }

    [TestMethod]
    public async Task NullsDuplicatesAndNumbersFromTheQuery()
    {
        using var ws = new TestWorkspace();
        var users = TestWorkspace.QueryUsers("SELECT column1 FROM (VALUES ('alice'), ('alice'), (NULL), (42), ('bob'))", ws.UserTemplate);

        RunResult result = await ws.ApplyAsync(Ledgers.Basic, users: users);

        Assert.AreEqual(1, result.ExitCode, "a NULL user name is a rejected user: the run fails");
        Assert.HasCount(4, result.Users, TestWorkspace.Describe(result));
        Assert.AreEqual(1, result.Users.Count(u => u.Target.Name == "alice"), "duplicates are listed once");
        Assert.AreEqual(DatabaseOutcome.Migrated, TestWorkspace.Only(result, "alice").Outcome);
        Assert.AreEqual(DatabaseOutcome.Migrated, TestWorkspace.Only(result, "42").Outcome, "numbers become their decimal text");
        Assert.IsTrue(File.Exists(ws.UserPath("42")));
        DatabaseResult nul = result.Users.Single(u => u.Outcome == DatabaseOutcome.Failed);
        Assert.Contains("NULL", nul.Message!);
        CollectionAssert.AreEqual(new[] { "42.db", "alice.db", "bob.db" },
            Directory.GetFiles(Path.Combine(ws.Root, "users")).Select(Path.GetFileName).Order(StringComparer.Ordinal).ToArray());
    }

    [TestMethod]
    public async Task FailingUsersQueryFailsTheRunAfterTheSystemDatabase()
    {
        using var ws = new TestWorkspace();
        var users = TestWorkspace.QueryUsers("SELECT login FROM no_such_table", ws.UserTemplate);

        RunResult result = await ws.ApplyAsync(Ledgers.Basic, users: users);

        Assert.AreEqual(1, result.ExitCode);
        Assert.AreEqual(DatabaseOutcome.Migrated, result.System!.Outcome);
        DatabaseResult failed = result.Users.Single();
        Assert.AreEqual(DatabaseOutcome.Failed, failed.Outcome);
        Assert.Contains("no such table", failed.Message!);
        Assert.IsFalse(Directory.Exists(Path.Combine(ws.Root, "users")));
    }

    [TestMethod]
    public async Task ParallelismOneAndFourGiveTheSameFinalState()
    {
        var states = new List<List<string>>();
        foreach (int parallelism in new[] { 1, 4 })
        {
            using var ws = new TestWorkspace();
            string ledger = Ledgers.Basic.Replace("('alice'), ('bob')", "('alice'), ('bob'), ('carol'), ('dave'), ('erin'), ('frank'), ('grace')", StringComparison.Ordinal);

            RunResult result = await ws.ApplyAsync(ledger, new ApplyOptions { Backup = false, CreateMissing = true, Parallelism = parallelism });

            Assert.AreEqual(0, result.ExitCode, TestWorkspace.Describe(result));
            Assert.AreEqual(7, result.Users.Count(u => u.Outcome == DatabaseOutcome.Migrated));
            var state = new List<string>();
            foreach (string file in Directory.GetFiles(Path.Combine(ws.Root, "users"), "*.db").Order(StringComparer.Ordinal))
            {
                state.Add(Path.GetFileName(file));
                state.AddRange(ws.Column(file, "SELECT type || ' ' || name || ' ' || COALESCE(sql, '') FROM sqlite_master ORDER BY name"));
                state.AddRange(ws.Journal(file));
            }

            states.Add(state);
        }

        CollectionAssert.AreEqual(states[0], states[1]);
    }

    [TestMethod]
    public async Task FailFastStartsNoDatabaseAfterAFailure()
    {
        using var ws = new TestWorkspace();
        Directory.CreateDirectory(Path.Combine(ws.Root, "users"));
        File.WriteAllText(ws.UserPath("alice"), "this file is not a SQLite database, so alice fails"); // first in name order
        string ledger = Ledgers.Basic.Replace("('alice'), ('bob')", "('alice'), ('bob'), ('carol'), ('dave')", StringComparison.Ordinal);

        RunResult result = await ws.ApplyAsync(ledger, new ApplyOptions { Backup = false, CreateMissing = true, Parallelism = 1, FailFast = true });

        Assert.AreEqual(1, result.ExitCode);
        DatabaseResult alice = result.Users.Single();
        Assert.AreEqual(DatabaseOutcome.Failed, alice.Outcome);
        Assert.Contains("fail-fast", result.UsersNotReached!);
        foreach (string user in new[] { "bob", "carol", "dave" })
        {
            Assert.IsFalse(File.Exists(ws.UserPath(user)), $"{user} must not be started after the failure");
        }
    }

    [TestMethod]
    public async Task WithoutFailFastTheOthersProceedAfterAFailure()
    {
        using var ws = new TestWorkspace();
        Directory.CreateDirectory(Path.Combine(ws.Root, "users"));
        File.WriteAllText(ws.UserPath("alice"), "this file is not a SQLite database, so alice fails");
        string ledger = Ledgers.Basic.Replace("('alice'), ('bob')", "('alice'), ('bob'), ('carol'), ('dave')", StringComparison.Ordinal);

        RunResult result = await ws.ApplyAsync(ledger, new ApplyOptions { Backup = false, CreateMissing = true, Parallelism = 1 });

        Assert.AreEqual(1, result.ExitCode);
        Assert.AreEqual(DatabaseOutcome.Failed, TestWorkspace.Only(result, "alice").Outcome);
        Assert.AreEqual(3, result.Users.Count(u => u.Outcome == DatabaseOutcome.Migrated), TestWorkspace.Describe(result));
        Assert.IsNull(result.UsersNotReached);
    }
}
