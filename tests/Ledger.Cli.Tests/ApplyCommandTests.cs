using System.Text.Json;

namespace Ledger.Cli.Tests;

[TestClass]
public sealed class ApplyCommandTests
{
    private static TempDirectory Project(string ledger)
    {
        var dir = new TempDirectory();
        dir.Write("ledger.json", ApplyLedgers.Config);
        dir.Write("MIGRATIONS.md", ledger);
        return dir;
    }

    private static string Db(TempDirectory dir, string user) => Path.Combine(dir.Path, "data", "users", user + ".db");

    [TestMethod]
    public void AppliesSystemThenUsersAndTheSecondRunSaysEverythingIsCurrent()
    {
        using TempDirectory dir = Project(ApplyLedgers.TwoVersions);

        ProcessResult first = LedgerProcess.Run(dir.Path, "apply");
        ProcessResult second = LedgerProcess.Run(dir.Path, "apply");

        Assert.AreEqual(0, first.ExitCode, first.ToString());
        Assert.Contains("3 migrated, 0 already current, 0 failed, 0 skipped (of 3 user databases); system migrated", first.Out);
        Assert.AreEqual(0, second.ExitCode, second.ToString());
        Assert.Contains("0 migrated, 3 already current, 0 failed, 0 skipped (of 3 user databases); system already current", second.Out);
        foreach (string user in new[] { "alice", "bob", "carol" })
        {
            CollectionAssert.AreEqual(new[] { "baseline->1.0.0 applied", "1.0.0->1.1.0 applied" }, TestDb.Journal(Db(dir, user)));
            CollectionAssert.AreEqual(new[] { "id", "body", "title" }, TestDb.Columns(Db(dir, user), "notes"));
        }

        CollectionAssert.AreEqual(new[] { "baseline->1.0.0 applied", "1.0.0->1.1.0 empty" }, TestDb.Journal(Path.Combine(dir.Path, "data", "system.db")));
    }

    [TestMethod]
    public void AStepFailingInItsThirdStatementLeavesNothingOfItAndFixingTheBlockFinishesTheJob()
    {
        using TempDirectory dir = Project(ApplyLedgers.TwoVersionsWithTypo);

        ProcessResult failed = LedgerProcess.Run(dir.Path, "apply");

        Assert.AreEqual(1, failed.ExitCode, failed.ToString());
        int line = LedgerText.LineOf(ApplyLedgers.TwoVersionsWithTypo, "notes(titel)");
        foreach (string user in new[] { "alice", "bob", "carol" })
        {
            // Every user was processed: each reached 1.0.0, then failed at 1.1.0 with nothing of its block left.
            StringAssert.Contains(failed.Out, $"user {user}: FAILED: step 1.0.0→1.1.0 failed at MIGRATIONS.md:{line}: SQLite Error 1: 'no such column: titel'");
            CollectionAssert.AreEqual(new[] { "baseline->1.0.0 applied" }, TestDb.Journal(Db(dir, user)));
            CollectionAssert.AreEqual(new[] { "id", "body" }, TestDb.Columns(Db(dir, user), "notes"), "the ADD COLUMN of the failed block was rolled back");
            Assert.AreEqual("0", TestDb.Scalar(Db(dir, user), "SELECT count(*) FROM sqlite_master WHERE name = 'tags'"), "the CREATE TABLE of the failed block was rolled back");
        }

        dir.Write("MIGRATIONS.md", ApplyLedgers.TwoVersions);
        ProcessResult fixedRun = LedgerProcess.Run(dir.Path, "apply");

        Assert.AreEqual(0, fixedRun.ExitCode, fixedRun.ToString());
        foreach (string user in new[] { "alice", "bob", "carol" })
        {
            CollectionAssert.AreEqual(new[] { "baseline->1.0.0 applied", "1.0.0->1.1.0 applied" }, TestDb.Journal(Db(dir, user)));
        }
    }

    [TestMethod]
    public void OneUserFailingDoesNotStopTheOthers()
    {
        string ledger = ApplyLedgers.TwoVersions.Replace("CREATE INDEX notes_title ON notes(title);", "CREATE UNIQUE INDEX notes_body ON notes(body);", StringComparison.Ordinal);
        using TempDirectory dir = Project(ledger);
        LedgerProcess.Run(dir.Path, "apply", "--target", "1.0.0");
        TestDb.Execute(Db(dir, "bob"), "INSERT INTO notes (body) VALUES ('first')"); // bob's data breaks the unique index

        ProcessResult result = LedgerProcess.Run(dir.Path, "apply");

        Assert.AreEqual(1, result.ExitCode, result.ToString());
        Assert.Contains("2 migrated, 0 already current, 1 failed, 0 skipped", result.Out);
        StringAssert.Contains(result.Out, "user bob: FAILED: step 1.0.0→1.1.0");
        Assert.AreEqual(2, TestDb.Journal(Db(dir, "alice")).Count);
        Assert.AreEqual(1, TestDb.Journal(Db(dir, "bob")).Count);
    }

    [TestMethod]
    public void AnEditedAppliedBlockIsDriftExitThreeAndNothingChanges()
    {
        using TempDirectory dir = Project(ApplyLedgers.TwoVersions);
        LedgerProcess.Run(dir.Path, "apply", "--target", "1.0.0");
        dir.Write("MIGRATIONS.md", ApplyLedgers.TwoVersions.Replace("('first'), ('second')", "('first'), ('changed')", StringComparison.Ordinal));

        ProcessResult apply = LedgerProcess.Run(dir.Path, "apply");
        ProcessResult verify = LedgerProcess.Run(dir.Path, "verify");

        Assert.AreEqual(3, apply.ExitCode, apply.ToString());
        StringAssert.Contains(apply.Out, "DRIFT, not changed: baseline→1.0.0: recorded checksum");
        Assert.AreEqual(1, TestDb.Journal(Db(dir, "alice")).Count, "a drifted database is not changed");
        Assert.AreEqual(3, verify.ExitCode, verify.ToString());
        StringAssert.Contains(verify.Out, "user alice (data/users/alice.db): drift: baseline→1.0.0");
    }

    [TestMethod]
    public void ACrlfCheckoutIsNotDrift()
    {
        using TempDirectory dir = Project(ApplyLedgers.TwoVersions);
        LedgerProcess.Run(dir.Path, "apply");
        dir.Write("MIGRATIONS.md", ApplyLedgers.TwoVersions.Replace("\n", "\r\n", StringComparison.Ordinal));

        ProcessResult result = LedgerProcess.Run(dir.Path, "verify");

        Assert.AreEqual(0, result.ExitCode, result.ToString());
        StringAssert.Contains(result.Out, "verified 4 database(s): no drift, integrity ok");
    }

    [TestMethod]
    public void AHostileUserNameIsRejectedAndNoFileIsCreated()
    {
        using TempDirectory dir = Project(ApplyLedgers.TwoVersions.Replace("('carol')", "('../../escape')", StringComparison.Ordinal));

        ProcessResult result = LedgerProcess.Run(dir.Path, "apply");

        Assert.AreEqual(1, result.ExitCode, result.ToString());
        StringAssert.Contains(result.Out, "user name '../../escape' is rejected");
        Assert.IsFalse(File.Exists(Path.Combine(dir.Path, "escape.db")));
        Assert.IsFalse(File.Exists(Path.Combine(Path.GetDirectoryName(dir.Path)!, "escape.db")));
        Assert.AreEqual(2, Directory.GetFiles(Path.Combine(dir.Path, "data", "users"), "*.db").Length);
    }

    [TestMethod]
    [DataRow("CREATE TABLE tags", "BEGIN; CREATE TABLE tags", "error LDG016", DisplayName = "transaction control")]
    [DataRow("CREATE TABLE tags", "CREATE TEMP TABLE ledger_history (scope TEXT, from_version TEXT, to_version TEXT);\nCREATE TABLE tags",
        "error LDG038: CREATE TEMP TABLE ledger_history", DisplayName = "a temporary table that would hide the journal")]
    [DataRow("CREATE TABLE users", "ATTACH DATABASE 'stray.db' AS stray;\nCREATE TABLE stray.kept (x);\nCREATE TABLE users",
        "MIGRATIONS.md:9:1: error LDG039: ATTACH", DisplayName = "an ATTACH that would create stray.db")]
    public void ALedgerWithAnErrorTouchesNothing(string statement, string replacement, string finding)
    {
        using TempDirectory dir = Project(ApplyLedgers.TwoVersions.Replace(statement, replacement, StringComparison.Ordinal));

        ProcessResult result = LedgerProcess.Run(dir.Path, "apply");

        Assert.AreEqual(1, result.ExitCode, result.ToString());
        StringAssert.Contains(result.Error, finding);
        CollectionAssert.AreEquivalent(new[] { "ledger.json", "MIGRATIONS.md" }, Directory.GetFileSystemEntries(dir.Path).Select(Path.GetFileName).ToArray(),
            "no database nor any other file was created");
    }

    [TestMethod]
    public void AnAttachAcceptedWithAReasonPassesLintAndIsApplied()
    {
        using TempDirectory dir = Project(ApplyLedgers.TwoVersions.Replace("CREATE TABLE users",
            "-- ledger:ignore LDG039 the settings of 0.9 live in their own file; this step opens it once\nATTACH DATABASE 'settings.db' AS old;\n" +
            "-- ledger:ignore LDG039 closes what the step opened\nDETACH DATABASE old;\nCREATE TABLE users", StringComparison.Ordinal));

        ProcessResult lint = LedgerProcess.Run(dir.Path, "lint");
        ProcessResult apply = LedgerProcess.Run(dir.Path, "apply");

        Assert.AreEqual(0, lint.ExitCode, lint.ToString());
        StringAssert.Contains(lint.Error, "2 suppressed");
        Assert.AreEqual(0, apply.ExitCode, apply.ToString());
        Assert.IsTrue(File.Exists(Path.Combine(dir.Path, "settings.db")), "the reviewed ATTACH ran, relative to where Ledger was started");
        CollectionAssert.AreEqual(new[] { "baseline->1.0.0 applied", "1.0.0->1.1.0 empty" }, TestDb.Journal(Path.Combine(dir.Path, "data", "system.db")));
    }

    [TestMethod]
    public void JsonResultsListEveryDatabase()
    {
        using TempDirectory dir = Project(ApplyLedgers.TwoVersions);

        ProcessResult result = LedgerProcess.Run(dir.Path, "apply", "--format", "json");

        Assert.AreEqual(0, result.ExitCode, result.ToString());
        using JsonDocument json = JsonDocument.Parse(result.Out);
        Assert.AreEqual(3, json.RootElement.GetProperty("summary").GetProperty("migrated").GetInt32());
        Assert.AreEqual("migrated", json.RootElement.GetProperty("system").GetProperty("outcome").GetString());
        Assert.AreEqual(3, json.RootElement.GetProperty("users").GetArrayLength());
        Assert.AreEqual("1.1.0", json.RootElement.GetProperty("users")[0].GetProperty("to").GetString());
    }

    [TestMethod]
    public void UnknownTargetIsAUsageError()
    {
        using TempDirectory dir = Project(ApplyLedgers.TwoVersions);

        ProcessResult result = LedgerProcess.Run(dir.Path, "apply", "--target", "9.9.9");

        Assert.AreEqual(2, result.ExitCode, result.ToString());
        StringAssert.Contains(result.Error, "--target 9.9.9 is not a version of MIGRATIONS.md");
        Assert.IsFalse(Directory.Exists(Path.Combine(dir.Path, "data")));
    }

    [TestMethod]
    [DataRow("ledger.json", "{ \"system\": \"data/system.db\",\n  \"parallel\": -3 }", new string[0],
        "invalid configuration: at $.parallel: must be 0 (one database per processor) or a positive number of databases, not -3")]
    [DataRow("flag", null, new[] { "--parallel", "-5" },
        "--parallel must be 0 (one database per processor) or a positive number of databases, not -5")]
    public void ANegativeParallelismIsRefusedWithOneRuleWhereverItIsGiven(string source, string? config, string[] flags, string expected)
    {
        using TempDirectory dir = Project(ApplyLedgers.TwoVersions);
        if (config is not null) dir.Write("ledger.json", config);

        ProcessResult result = LedgerProcess.Run(dir.Path, ["apply", .. flags]);

        Assert.AreEqual(2, result.ExitCode, $"{source}: {result}");
        StringAssert.Contains(result.Error, expected);
        if (config is not null) StringAssert.Contains(result.Error, "ledger.json:2:", "the message points at the setting's line");
        Assert.IsFalse(Directory.Exists(Path.Combine(dir.Path, "data")), "nothing is created");
    }

    [TestMethod]
    public void ParallelismZeroMeansOnePerProcessorInLedgerJsonAndAsAFlag()
    {
        using TempDirectory dir = Project(ApplyLedgers.TwoVersions);

        ProcessResult flag = LedgerProcess.Run(dir.Path, "apply", "--parallel", "0", "--target", "1.0.0");
        dir.Write("ledger.json", ApplyLedgers.Config.Replace("\"system\"", "\"parallel\": 0, \"system\"", StringComparison.Ordinal));
        ProcessResult config = LedgerProcess.Run(dir.Path, "apply");

        Assert.AreEqual(0, flag.ExitCode, flag.ToString());
        Assert.AreEqual(0, config.ExitCode, config.ToString());
        CollectionAssert.AreEqual(new[] { "baseline->1.0.0 applied", "1.0.0->1.1.0 applied" }, TestDb.Journal(Db(dir, "alice")));
    }

    [TestMethod]
    public void BackupsAreTakenBeforeTheFirstChangeAndOpenWithTheOldSchema()
    {
        using TempDirectory dir = Project(ApplyLedgers.TwoVersions);
        dir.Write("ledger.json", ApplyLedgers.Config.Replace("\"enabled\": false", "\"enabled\": true", StringComparison.Ordinal));
        LedgerProcess.Run(dir.Path, "apply", "--target", "1.0.0");

        ProcessResult result = LedgerProcess.Run(dir.Path, "apply");

        Assert.AreEqual(0, result.ExitCode, result.ToString());
        string[] backups = Directory.GetFiles(Path.Combine(dir.Path, "data", "users", ".ledger-backups"), "alice.1.0.0.*.db");
        Assert.HasCount(1, backups, "one backup of alice at 1.0.0 (none for the newly created database at baseline)");
        CollectionAssert.AreEqual(new[] { "id", "body" }, TestDb.Columns(backups[0], "notes"));
    }
}
