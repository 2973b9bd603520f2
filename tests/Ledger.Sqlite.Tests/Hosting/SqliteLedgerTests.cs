using Ledger.Execution;
using Ledger.Sqlite.Engine;
using Ledger.Sqlite.Hosting;
using Ledger.Sqlite.Tests.Engine;
using Microsoft.Extensions.Logging.Abstractions;
using StartupApp;

namespace Ledger.Sqlite.Tests.Hosting;

/// <summary>Ledger as a library: start-up migration and on-demand user databases, on real files.</summary>
[TestClass]
public sealed class SqliteLedgerTests
{
    private static SqliteLedgerOptions Options(TestWorkspace ws) => new()
    {
        SystemDatabase = ws.SystemPath,
        UserDatabasePath = ws.UserTemplate,
        Backup = false,
    };

    [TestMethod]
    public async Task AUserWhoseDatabaseIsCurrentCostsOneJournalQuery()
    {
        using var ws = new TestWorkspace();
        var engine = new CountingEngine(new SqliteEngine(TimeSpan.FromSeconds(5)));
        SqliteLedger ledger = SqliteLedger.Create(RollbackTests.Reversible, "MIGRATIONS.md", Options(ws), null, engine);
        DatabaseResult created = await ledger.EnsureUserAsync("alice");
        Assert.AreEqual(DatabaseOutcome.Migrated, created.Outcome, created.Describe());
        Assert.AreEqual("1.2.0", created.To?.Normalized);

        engine.Reset();
        DatabaseResult again = await ledger.EnsureUserAsync("alice");

        Assert.AreEqual(DatabaseOutcome.Current, again.Outcome, again.Describe());
        Assert.AreEqual(1, engine.JournalReads, "one journal query");
        Assert.AreEqual(0, engine.Steps, "no transaction");
        Assert.AreEqual(1, engine.Opens);
    }

    [TestMethod]
    public async Task MigrateAsyncMigratesTheSystemAndListedUsersAndReportsResultsNotExceptions()
    {
        using var ws = new TestWorkspace();
        SqliteLedger ledger = SqliteLedger.FromText(RollbackTests.Reversible, "MIGRATIONS.md",
            Options(ws) with { UsersQuery = "SELECT username FROM users", CreateMissingUsers = true });

        SqliteLedgerResult result = await ledger.MigrateAsync();

        Assert.IsTrue(result.Succeeded, result.Message);
        Assert.AreEqual(2, result.Run!.Users.Count);
        Assert.AreEqual(3, ws.Journal(ws.UserPath("bob")).Count);

        SqliteLedger broken = SqliteLedger.FromText("```sql\n-- [user:baseline→1.0.0:start]\nCREATE TABLE x (id INTEGER);\n```\n", "MIGRATIONS.md", Options(ws));
        SqliteLedgerResult failed = await broken.MigrateAsync();
        DatabaseResult user = await broken.EnsureUserAsync("carol");

        Assert.IsFalse(failed.Succeeded);
        Assert.IsTrue(failed.LedgerErrors.Any(d => d.Code == "LDG007"), failed.Message);
        Assert.AreEqual(DatabaseOutcome.Failed, user.Outcome);
        Assert.IsFalse(File.Exists(ws.UserPath("carol")), "an unusable ledger touches nothing");
    }

    [TestMethod]
    public async Task ARejectedUserNameIsAFailedResultAndNoFile()
    {
        using var ws = new TestWorkspace();
        SqliteLedger ledger = SqliteLedger.FromText(RollbackTests.Reversible, "MIGRATIONS.md", Options(ws));

        DatabaseResult result = await ledger.EnsureUserAsync("../evil");

        Assert.AreEqual(DatabaseOutcome.Failed, result.Outcome);
        StringAssert.Contains(result.Message, "rejected");
        Assert.IsFalse(Directory.Exists(Path.Combine(ws.Root, "users")));
    }

    [TestMethod]
    public async Task EnsureUserAsyncCreatesNothingThroughALinkOutOfTheUsersFolderUnlessAllowed()
    {
        using var ws = new TestWorkspace();
        string outside = Path.Combine(ws.Root, "outside", "alice.db");
        Directory.CreateDirectory(Path.GetDirectoryName(outside)!);
        Directory.CreateDirectory(Path.Combine(ws.Root, "users"));
        File.CreateSymbolicLink(ws.UserPath("alice"), outside);

        DatabaseResult refused = await SqliteLedger.FromText(RollbackTests.Reversible, "MIGRATIONS.md", Options(ws)).EnsureUserAsync("alice");

        Assert.AreEqual(DatabaseOutcome.Failed, refused.Outcome);
        StringAssert.Contains(refused.Message, "outside the users' folder");
        Assert.IsFalse(File.Exists(outside));

        DatabaseResult allowed = await SqliteLedger.FromText(RollbackTests.Reversible, "MIGRATIONS.md", Options(ws) with { AllowSymlinksOutside = true })
            .EnsureUserAsync("alice");

        Assert.AreEqual(DatabaseOutcome.Migrated, allowed.Outcome, allowed.Describe());
        Assert.AreEqual(3, ws.Journal(outside).Count);
    }

    [TestMethod]
    public void BackupsKeptInTheUsersFolderAreRefusedWhenTheLedgerIsCreated()
    {
        using var ws = new TestWorkspace();
        string users = Path.Combine(ws.Root, "users");

        var e = Assert.ThrowsExactly<ArgumentException>(() => SqliteLedger.FromText(RollbackTests.Reversible, "MIGRATIONS.md",
            Options(ws) with { UsersGlob = Path.Combine(users, "*.db"), Backup = true, BackupDirectory = users }));

        StringAssert.Contains(e.Message, "keep the backups in a folder of their own");
    }

    [TestMethod]
    public async Task WithBothAGlobAndAQueryTheGlobListsTheUsers()
    {
        using var ws = new TestWorkspace();
        string members = Path.Combine(ws.Root, "members");
        Directory.CreateDirectory(members);
        File.WriteAllBytes(Path.Combine(members, "dave.db"), []);

        SqliteLedger ledger = SqliteLedger.FromText(RollbackTests.Reversible, "MIGRATIONS.md", Options(ws) with
        {
            UsersQuery = "SELECT username FROM no_such_table",
            UsersGlob = Path.Combine(members, "*.db"),
        });
        SqliteLedgerResult result = await ledger.MigrateAsync();

        Assert.IsTrue(result.Succeeded, result.Message);
        CollectionAssert.AreEqual(new[] { "dave" }, result.Run!.Users.Select(r => r.Target.Name).ToArray());
        Assert.AreEqual(3, ws.Journal(Path.Combine(members, "dave.db")).Count);
    }

    [TestMethod]
    public void ANegativeParallelismIsRefusedByTheRuleTheCommandLineUses()
    {
        using var ws = new TestWorkspace();

        var e = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => SqliteLedger.FromText(RollbackTests.Reversible, "MIGRATIONS.md",
            Options(ws) with { Parallelism = -3 }));

        StringAssert.Contains(e.Message, "Parallelism must be 0 (one database per processor) or a positive number of databases, not -3");
    }

    [TestMethod]
    public void AMissingEmbeddedResourceSaysWhichResourcesExist()
    {
        var e = Assert.ThrowsExactly<FileNotFoundException>(() =>
            SqliteLedger.FromEmbeddedResource(typeof(NotesService).Assembly, "NOPE.md", new SqliteLedgerOptions()));

        StringAssert.Contains(e.Message, "StartupApp.MIGRATIONS.md");
    }

    [TestMethod]
    public async Task TheSampleAppMigratesAtStartUpAndEightConcurrentFirstAccessesToOneNewUserAllSucceed()
    {
        using var ws = new TestWorkspace();
        NotesService app = await NotesService.StartAsync(ws.Root, NullLogger.Instance, CancellationToken.None);
        Assert.AreEqual("1.1.0", ws.Column(app.SystemDatabase, "SELECT max(to_version) FROM ledger_history").Single());
        Assert.IsFalse(File.Exists(ws.UserPath("dana")));

        using var start = new ManualResetEventSlim();
        Task<long>[] writers = Enumerable.Range(0, 8).Select(i => Task.Run(() =>
        {
            start.Wait();
            return app.AddNoteAsync("dana", $"note {i}", CancellationToken.None);
        })).ToArray();
        start.Set();
        long[] ids = await Task.WhenAll(writers);

        Assert.HasCount(8, ids.Distinct());
        CollectionAssert.AreEqual(new[] { "user baseline->1.0.0 applied", "user 1.0.0->1.1.0 applied" }, ws.Journal(ws.UserPath("dana")),
            "every step ran exactly once");
        Assert.HasCount(8, await app.NotesAsync("dana", CancellationToken.None));

        // A second start (the app restarting) finds everything current and keeps the data.
        NotesService restarted = await NotesService.StartAsync(ws.Root, NullLogger.Instance, CancellationToken.None);
        Assert.HasCount(8, await restarted.NotesAsync("dana", CancellationToken.None));
    }

    [TestMethod]
    public async Task TwoLedgerInstancesRacingForOneNewUserApplyEveryStepOnce()
    {
        // Two instances share no lock, as two processes would not: BEGIN IMMEDIATE and the journal re-read keep them apart.
        using var ws = new TestWorkspace();
        SqliteLedger first = SqliteLedger.FromText(RollbackTests.Reversible, "MIGRATIONS.md", Options(ws));
        SqliteLedger second = SqliteLedger.FromText(RollbackTests.Reversible, "MIGRATIONS.md", Options(ws));

        DatabaseResult[] results = await Task.WhenAll(
            Enumerable.Range(0, 8).Select(i => Task.Run(() => (i % 2 == 0 ? first : second).EnsureUserAsync("erin"))));

        Assert.IsTrue(results.All(r => r.Succeeded), string.Join("\n", results.Select(r => r.Describe())));
        Assert.HasCount(3, ws.Journal(ws.UserPath("erin")));
    }
}
