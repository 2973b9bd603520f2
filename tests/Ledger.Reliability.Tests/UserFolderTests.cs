namespace Ledger.Reliability.Tests;

/// <summary>
/// The users' folder through the built tool: a symbolic link out of it is refused for its user (the file it leads to
/// is neither changed nor created) unless users.allowSymlinksOutside is set, and backups are never taken for user
/// databases — a configuration that looks for users among them is refused before anything is opened.
/// </summary>
[TestClass]
public sealed class UserFolderTests
{
    private static readonly SlowLedger Small = FaultTests.Small;

    private static string User(TempDirectory dir, int i) => FaultTests.User(dir, i);

    /// <summary>Every user but <paramref name="except"/> reached the ledger's target.</summary>
    private static void AssertOthersDone(TempDirectory dir, int except)
    {
        for (int i = 1; i <= Small.Users; i++)
        {
            if (i != except) Assert.AreEqual((Small.UserSteps, (string?)null), DatabaseAudit.Check(User(dir, i), Small), SlowLedger.UserName(i));
        }
    }

    [TestMethod]
    [DataRow(false, DisplayName = "users query")]
    [DataRow(true, DisplayName = "users glob")]
    public void AnExistingDatabaseOutsideTheFolderReachedByALinkIsRefusedAndLeftAsItWas(bool glob)
    {
        using TempDirectory dir = FaultTests.AtFirstVersion();
        if (glob) dir.Write("ledger.json", Config.Users(glob: "data/users/*.db"));
        string outside = Path.Combine(dir.Parent, "outside", "u0002.db");
        Directory.CreateDirectory(Path.GetDirectoryName(outside)!);
        File.Move(User(dir, 2), outside);
        File.CreateSymbolicLink(User(dir, 2), outside);
        var before = TestDb.Fingerprint(Path.GetDirectoryName(outside)!);

        ProcessResult run = LedgerProcess.Run(dir.Path, "apply");

        Assert.AreEqual(1, run.ExitCode, run.ToString());
        StringAssert.Contains(run.Out, "user u0002: FAILED");
        StringAssert.Contains(run.Out, $"leads it to {outside}, outside the users' folder");
        CollectionAssert.AreEqual(before, TestDb.Fingerprint(Path.GetDirectoryName(outside)!), "the database outside is not changed, nothing is written beside it");
        Assert.AreEqual((1, (string?)null), DatabaseAudit.Check(outside, Small));
        AssertOthersDone(dir, except: 2);

        ProcessResult allowed = LedgerProcess.Run(dir.Path, "apply", "--allow-symlinks-outside");

        Assert.AreEqual(0, allowed.ExitCode, allowed.ToString());
        Assert.AreEqual((Small.UserSteps, (string?)null), DatabaseAudit.Check(outside, Small), "with the setting the link is followed as before");
    }

    [TestMethod]
    [DataRow(true, DisplayName = "link to outside the folder")]
    [DataRow(false, DisplayName = "link inside the folder")]
    public void CreateMissingNeverCreatesADatabaseThroughADanglingLinkUnlessAllowed(bool toOutside)
    {
        using TempDirectory dir = FaultTests.AtFirstVersion();
        string link = User(dir, 2);
        File.Delete(link);
        string target = toOutside ? Path.Combine(dir.Parent, "outside", "u0002.db") : dir.Full("data/users/elsewhere/u0002.db");
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        File.CreateSymbolicLink(link, target);

        ProcessResult run = LedgerProcess.Run(dir.Path, "apply", "--create-missing");

        Assert.AreEqual(1, run.ExitCode, run.ToString());
        StringAssert.Contains(run.Out, "user u0002: FAILED");
        StringAssert.Contains(run.Out, toOutside ? $"leads it to {target}, outside the users' folder" : $"a symbolic link to {target}, which does not exist");
        Assert.IsEmpty(Directory.GetFileSystemEntries(Path.GetDirectoryName(target)!), "nothing is created where the link leads");
        Assert.AreEqual(target, new FileInfo(link).LinkTarget, "the link is left as it was");
        AssertOthersDone(dir, except: 2);

        dir.Write("ledger.json", Config.Users(allowSymlinksOutside: true));
        ProcessResult allowed = LedgerProcess.Run(dir.Path, "apply", "--create-missing");

        Assert.AreEqual(0, allowed.ExitCode, allowed.ToString());
        Assert.AreEqual((Small.UserSteps, (string?)null), DatabaseAudit.Check(target, Small), "with users.allowSymlinksOutside the database is created where the link leads, as before");
    }

    [TestMethod]
    [DataRow("data/users/*.db", "data/users", null, "users.glob 'data/users/*.db'", "backup.dir 'data/users'")]
    [DataRow("data/users/*.db", null, "data/users", "users.glob 'data/users/*.db'", "--backup-dir 'data/users'")]
    [DataRow("data/users/.ledger-backups/*.db", null, null, "users.glob 'data/users/.ledger-backups/*.db'", "the default .ledger-backups folder")]
    [DataRow(null, "data/users", null, "users.path 'data/users/{user}.db'", "backup.dir 'data/users'")]
    public void UsersLookedForInTheBackupFolderAreAConfigurationErrorAndNothingIsChanged(string? glob, string? backupDir, string? backupFlag,
        string usersSetting, string backupSetting)
    {
        using TempDirectory dir = FaultTests.AtFirstVersion();
        if (glob?.Contains(".ledger-backups", StringComparison.Ordinal) == true)
        {
            Directory.CreateDirectory(dir.Full("data/users/.ledger-backups"));
            File.Copy(User(dir, 1), dir.Full("data/users/.ledger-backups/u0001.1.0.0.20260101T000000000Z.db"));
        }

        dir.Write("ledger.json", Config.Users(backup: true, glob: glob, backupDir: backupDir));
        var before = TestDb.Fingerprint(dir.Full("data"));

        ProcessResult run = backupFlag is null ? LedgerProcess.Run(dir.Path, "apply") : LedgerProcess.Run(dir.Path, "apply", "--backup-dir", backupFlag);

        Assert.AreEqual(2, run.ExitCode, run.ToString());
        StringAssert.Contains(run.Error, $"ledger.json: {usersSetting} looks for user databases in ");
        StringAssert.Contains(run.Error, $"({backupSetting}): its backups would be taken for user databases");
        CollectionAssert.AreEqual(before, TestDb.Fingerprint(dir.Full("data")), "no database is opened, changed or created");
    }

    [TestMethod]
    public void BackupsBesideTheDatabasesAreNeverListedAsUsersNorChanged()
    {
        using TempDirectory dir = FaultTests.AtFirstVersion();
        dir.Write("ledger.json", Config.Users(backup: true, glob: "data/users/*.db"));
        ProcessResult first = LedgerProcess.Run(dir.Path, "apply", "--target", "1.1.0");
        Assert.AreEqual(0, first.ExitCode, first.ToString());
        string backups = dir.Full("data/users/.ledger-backups");
        var taken = TestDb.Fingerprint(backups);
        Assert.HasCount(Small.Users, taken, "one backup per user before its first change");

        ProcessResult second = LedgerProcess.Run(dir.Path, "apply");

        Assert.AreEqual(0, second.ExitCode, second.ToString());
        StringAssert.Contains(second.Out, $"{Small.Users} migrated, 0 already current");
        Assert.DoesNotContain("user u0001.", second.Out, "a backup is never listed as a user");
        var after = TestDb.Fingerprint(backups);
        foreach ((string file, string print) in taken)
        {
            Assert.AreEqual(print, after[file], $"{file} is a point-in-time copy: it must not change");
            Assert.AreEqual("1", TestDb.Scalar(Path.Combine(backups, file), "SELECT count(*) FROM ledger_history"), $"{file} stays at 1.0.0");
        }

        AssertOthersDone(dir, except: 0);
    }

    [TestMethod]
    public void AUserWhoseDatabaseWouldBeInTheBackupFolderIsRefused()
    {
        using TempDirectory dir = FaultTests.WithLedger(Config.Users(path: "data/{user}/main.db", backupDir: "data/backups", backup: true,
            query: "SELECT username FROM users UNION ALL SELECT 'backups' ORDER BY 1"));

        ProcessResult run = LedgerProcess.Run(dir.Path, "apply");

        Assert.AreEqual(1, run.ExitCode, run.ToString());
        StringAssert.Contains(run.Out, "user backups: FAILED");
        StringAssert.Contains(run.Out, "inside the backup folder");
        Assert.IsFalse(File.Exists(dir.Full("data/backups/main.db")), "no database is created among the backups");
        Assert.AreEqual((Small.UserSteps, (string?)null), DatabaseAudit.Check(dir.Full("data/u0001/main.db"), Small));
    }
}
