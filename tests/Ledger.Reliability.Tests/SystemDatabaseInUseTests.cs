namespace Ledger.Reliability.Tests;

/// <summary>
/// The application keeps using the system database while <c>apply</c> migrates the user databases: Ledger reads the
/// user names in one short read and holds nothing on the system database during the fan-out. In rollback-journal
/// mode an open read would make every application write fail with "database is locked" once its busy timeout ran
/// out; in WAL mode it would pin the WAL, so the application's checkpoints could not copy it back.
/// </summary>
[TestClass]
public sealed class SystemDatabaseInUseTests
{
    [TestMethod]
    [DataRow("delete")]
    [DataRow("wal")]
    public void AnApplicationWritesTheSystemDatabaseThroughoutAFanOut(string journalMode)
    {
        var ledger = new SlowLedger(users: Reliability.IsLong ? 1000 : 300, userSteps: 6) { SystemExtra = ApplicationWriter.Table };
        using var dir = new TempDirectory();
        dir.Write("ledger.json", Config.Users());
        dir.Write("MIGRATIONS.md", ledger.Text());
        string system = dir.Full("data/system.db");
        Directory.CreateDirectory(dir.Full("data"));
        TestDb.Execute(system, $"PRAGMA journal_mode = {journalMode}");

        var app = new ApplicationWriter(system, dir.Full("data/users"), checkpoint: journalMode == "wal");
        ProcessResult apply = LedgerProcess.Run(dir.Path, "apply", "--parallel", "2");
        app.Stop();

        Assert.AreEqual(0, apply.ExitCode, apply.ToString());
        Assert.HasCount(ledger.Users, Directory.GetFiles(dir.Full("data/users"), "*.db"));
        Assert.IsEmpty(app.Failures, $"the application's writes during the fan-out: {app}");
        Assert.IsGreaterThan(0, app.Writes, "the application wrote while the user databases were migrated");
        Assert.AreEqual(0, app.PinnedCheckpoints, $"a read transaction pinned the WAL during the fan-out: {app}");
        Assert.AreEqual(journalMode, TestDb.Scalar(system, "PRAGMA journal_mode"));
        Assert.AreEqual(app.Writes.ToString(System.Globalization.CultureInfo.InvariantCulture), TestDb.Scalar(system, "SELECT count(*) FROM app_events"));
        Reliability.Figure("system database in use", $"journal_mode {journalMode}: apply over {ledger.Users} user databases x {ledger.UserSteps} steps " +
            $"while the application wrote with a 2 s busy timeout: {app.Writes} writes, {app.Failures.Count} failed" +
            (journalMode == "wal" ? $", {app.PinnedCheckpoints} of its checkpoints left WAL frames behind" : ""));
    }
}
