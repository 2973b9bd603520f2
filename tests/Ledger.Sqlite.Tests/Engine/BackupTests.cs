using System.Globalization;
using System.Text.RegularExpressions;
using Ledger.Execution;
using Ledger.Versions;
using Microsoft.Data.Sqlite;

namespace Ledger.Sqlite.Tests.Engine;

/// <summary>Spec §3 point 8: an online backup before the first change, and only then.</summary>
[TestClass]
public sealed class BackupTests
{
    private static readonly ApplyOptions To100 = new() { Backup = false, CreateMissing = true, Target = SemVersion.Parse("1.0.0") };

    [TestMethod]
    public async Task BackupBesideEachDatabaseHoldsTheOldSchema()
    {
        using var ws = new TestWorkspace();
        await ws.ApplyAsync(Ledgers.Basic, To100);
        DateTime startedUtc = DateTime.UtcNow.AddSeconds(-1);

        RunResult result = await ws.ApplyAsync(Ledgers.Basic, new ApplyOptions { CreateMissing = true });

        Assert.AreEqual(0, result.ExitCode, TestWorkspace.Describe(result));
        DateTime endedUtc = DateTime.UtcNow.AddSeconds(1);
        string aliceBackup = AssertBackup(result.Users.Single(u => u.Target.Name == "alice"), Path.Combine(ws.Root, "users", ".ledger-backups"), "alice", "1.0.0",
            startedUtc, endedUtc);
        CollectionAssert.AreEqual(new[] { "id", "body" }, ws.Columns(aliceBackup, "notes"), "the backup has the schema from before the run");
        CollectionAssert.AreEqual(new[] { "user baseline->1.0.0 applied" }, ws.Journal(aliceBackup));
        Assert.AreEqual("ok", ws.Scalar(aliceBackup, "PRAGMA integrity_check"));

        string systemBackup = AssertBackup(result.System!, Path.Combine(ws.Root, ".ledger-backups"), "system", "1.0.0", startedUtc, endedUtc);
        CollectionAssert.AreEqual(new[] { "username" }, ws.Columns(systemBackup, "users"));
        Assert.AreEqual(2L, ws.Scalar(systemBackup, "SELECT COUNT(*) FROM users"));
        Assert.IsFalse(Directory.EnumerateFiles(ws.Root, "*.partial", SearchOption.AllDirectories).Any(), "no half backup is left");
    }

    [TestMethod]
    public async Task BackupDirectoryOptionChoosesTheFolder()
    {
        using var ws = new TestWorkspace();
        await ws.ApplyAsync(Ledgers.Basic, To100);
        string folder = Path.Combine(ws.Root, "backups-elsewhere");

        RunResult result = await ws.ApplyAsync(Ledgers.Basic, new ApplyOptions { CreateMissing = true, BackupDirectory = folder });

        Assert.AreEqual(0, result.ExitCode);
        Assert.HasCount(3, Directory.GetFiles(folder, "*.db"));
        Assert.IsTrue(result.All.All(r => Path.GetDirectoryName(r.BackupPath) == folder));
        Assert.IsFalse(Directory.Exists(Path.Combine(ws.Root, ".ledger-backups")));
        Assert.IsFalse(Directory.Exists(Path.Combine(ws.Root, "users", ".ledger-backups")));
    }

    [TestMethod]
    public async Task NoBackupForNewDatabasesNothingToDoOrBackupOff()
    {
        using var ws = new TestWorkspace();

        RunResult created = await ws.ApplyAsync(Ledgers.Basic, new ApplyOptions { CreateMissing = true });
        RunResult current = await ws.ApplyAsync(Ledgers.Basic, new ApplyOptions { CreateMissing = true });
        RunResult off = await ws.ApplyAsync(Ledgers.Basic + LedgerText.Step("1.2.0", "1.3.0", user: "CREATE TABLE tags (x);"),
            new ApplyOptions { CreateMissing = true, Backup = false });

        Assert.AreEqual(3, created.Count(DatabaseOutcome.Migrated));
        Assert.AreEqual(3, current.Count(DatabaseOutcome.Current));
        Assert.AreEqual(2, off.Users.Count(u => u.Outcome == DatabaseOutcome.Migrated), TestWorkspace.Describe(off));
        Assert.IsTrue(created.All.Concat(current.All).Concat(off.All).All(r => r.BackupPath is null));
        Assert.IsFalse(ws.Entries().Any(e => e.Contains(".ledger-backups", StringComparison.Ordinal)), string.Join("\n", ws.Entries()));
    }

    [TestMethod]
    public async Task BackupOfAWalDatabaseHoldsTheRowsStillInTheWal()
    {
        using var ws = new TestWorkspace();
        await ws.ApplyAsync(Ledgers.Basic, To100);
        string alice = ws.UserPath("alice");
        using (SqliteConnection writer = ws.Open(alice))
        using (SqliteCommand cmd = writer.CreateCommand())
        {
            cmd.CommandText = "PRAGMA journal_mode = WAL";
            Assert.AreEqual("wal", cmd.ExecuteScalar());
        }

        // A reader stays open, so closing the writer does not checkpoint: the new rows exist only in alice.db-wal.
        using SqliteConnection reader = ws.Open(alice);
        using (SqliteCommand cmd = reader.CreateCommand())
        {
            cmd.CommandText = "PRAGMA wal_autocheckpoint = 0; SELECT COUNT(*) FROM notes";
            Assert.AreEqual(0L, cmd.ExecuteScalar());
        }

        using (SqliteConnection writer = ws.Open(alice))
        using (SqliteCommand cmd = writer.CreateCommand())
        {
            cmd.CommandText = "PRAGMA wal_autocheckpoint = 0; INSERT INTO notes (body) VALUES ('in the wal 1'), ('in the wal 2'), ('in the wal 3')";
            cmd.ExecuteNonQuery();
        }

        Assert.IsGreaterThan(0L, new FileInfo(alice + "-wal").Length);
        string mainFileOnly = Path.Combine(ws.Root, "main-file-only.db");
        File.Copy(alice, mainFileOnly);
        Assert.AreEqual(0L, ws.Scalar(mainFileOnly, "SELECT COUNT(*) FROM notes"), "precondition: a plain file copy misses the rows in the -wal");

        RunResult result = await ws.ApplyAsync(Ledgers.Basic, new ApplyOptions { CreateMissing = true });

        DatabaseResult aliceResult = TestWorkspace.Only(result, "alice");
        Assert.AreEqual(DatabaseOutcome.Migrated, aliceResult.Outcome, TestWorkspace.Describe(result));
        Assert.AreEqual(3L, ws.Scalar(aliceResult.BackupPath!, "SELECT COUNT(*) FROM notes"), "the online backup has the committed rows from the -wal");
        CollectionAssert.AreEqual(new[] { "id", "body" }, ws.Columns(aliceResult.BackupPath!, "notes"));
        Assert.AreEqual("ok", ws.Scalar(aliceResult.BackupPath!, "PRAGMA integrity_check"));
        Assert.AreEqual(3L, ws.Scalar(alice, "SELECT COUNT(*) FROM notes"));
    }

    private static string AssertBackup(DatabaseResult result, string folder, string name, string version, DateTime startedUtc, DateTime endedUtc)
    {
        Assert.IsNotNull(result.BackupPath, $"{result.Target} should have a backup");
        Assert.AreEqual(Path.GetFullPath(folder), Path.GetDirectoryName(Path.GetFullPath(result.BackupPath)));
        Assert.IsTrue(File.Exists(result.BackupPath));
        Match m = Regex.Match(Path.GetFileName(result.BackupPath), $@"^{Regex.Escape(name)}\.{Regex.Escape(version)}\.(\d{{8}}T\d{{9}}Z)\.db$");
        Assert.IsTrue(m.Success, $"backup name '{Path.GetFileName(result.BackupPath)}' should be <name>.<version>.<UTC time>.db");
        DateTime stamp = DateTime.ParseExact(m.Groups[1].Value, "yyyyMMdd'T'HHmmssfff'Z'", CultureInfo.InvariantCulture,
            DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal);
        Assert.IsTrue(stamp >= startedUtc && stamp <= endedUtc, $"the name's time {stamp:O} is the UTC time of the run");
        return result.BackupPath;
    }
}
