using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace Ledger.Reliability.Tests;

/// <summary>
/// Spec §3 point 10: <c>apply</c> (per step and per database) and <c>rollback</c> (both ways) killed with SIGKILL at
/// random moments (seeded), many times, then one clean run (<see cref="KillCampaign"/>: after every kill, every database
/// is audited as the crash left it, and <c>verify</c> must be able to read them); also kills in the system step and
/// during a backup.
/// </summary>
[TestClass]
public sealed class CrashTests
{
    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    public void KilledAtRandomMomentsOfTheFanOutEveryDatabaseStaysConsistentAndACleanRunFinishes()
    {
        using var dir = new TempDirectory();
        var campaign = new KillCampaign(dir, new SlowLedger(users: 100), nameof(KilledAtRandomMomentsOfTheFanOutEveryDatabaseStaysConsistentAndACleanRunFinishes));
        int top = campaign.Ledger.UserSteps;
        campaign.Run(Reliability.Count(ci: 10, @long: 500), maxDelayMs: 2000,
            [() => new KillCampaign.Round("apply", ["apply", "--parallel", "2"], top, Up: true, Whole: false)],
            // Everything reached the target before enough kills: start a new round on fresh databases.
            whenAllAtGoal: () => Directory.Delete(campaign.Data, recursive: true));
        Reliability.Figure("crash/fan-out", campaign.Summary());
    }

    /// <summary>
    /// <c>apply</c> and <c>rollback --to V</c> (V drawn at random for each run, baseline included) take turns and are
    /// killed at random moments, each where the other left off, all with the same <c>--transaction</c> mode, starting
    /// from every database at the top (an unkilled apply). After every run each database's journal is a prefix of the
    /// edges that matches its schema and rows exactly (going down as going up), and it moved only in the run's direction
    /// and not past its target — with <c>per-database</c>, it is at its old version or at the target, never in between.
    /// The system database is never below a user database.
    /// </summary>
    [TestMethod]
    [DataRow("per-step")]
    [DataRow("per-database")]
    public void KilledAtRandomMomentsOfApplyAndRollbackTakingTurnsEveryDatabaseMatchesItsJournal(string transaction)
    {
        using var dir = new TempDirectory();
        var campaign = new KillCampaign(dir, new SlowLedger(users: Reliability.IsLong ? 100 : 30),
            $"{nameof(KilledAtRandomMomentsOfApplyAndRollbackTakingTurnsEveryDatabaseMatchesItsJournal)}({transaction})");
        int top = campaign.Ledger.UserSteps;
        bool whole = transaction == "per-database";
        var targets = new List<string>();
        string[] Args(params string[] args) => [.. args, "--transaction", transaction, "--parallel", "2"];

        // One commit per database makes a per-database run several times quicker: its kill window is scaled to the number of
        // databases (0.6 s for 30, 2 s for 100), so that most runs are killed rather than finished.
        campaign.Run(Reliability.Count(ci: 3, @long: 250), maxDelayMs: whole ? 20 * campaign.Ledger.Users : 2000,
        [
            () =>
            {
                int goal = campaign.Random.Next(0, top);
                targets.Add(SlowLedger.AtSteps(goal));
                return new KillCampaign.Round($"rollback --transaction {transaction}", Args("rollback", "--to", SlowLedger.AtSteps(goal)), goal, Up: false, whole);
            },
            () => new KillCampaign.Round($"apply --transaction {transaction}", Args("apply"), top, Up: true, whole),
        ],
        // Every database at the top first, so that the first rollback has all of them to go through.
        setUp: ["apply", "--transaction", "per-database", "--parallel", "2"]);
        Reliability.Figure($"crash/apply+rollback {transaction}", $"{campaign.Summary()}; rollback targets in turn: {string.Join(' ', targets)}");
    }

    [TestMethod]
    public void KilledDuringTheSystemPhaseNoUserDatabaseIsTouchedAndACleanRunFinishes()
    {
        int kills = Reliability.Count(ci: 3, @long: 30);
        int seed = Reliability.Seed(nameof(KilledDuringTheSystemPhaseNoUserDatabaseIsTouchedAndACleanRunFinishes));
        var random = new Random(seed);
        var ledger = new SlowLedger(users: 20, userSteps: 3, rows: 100)
        {
            // A slow system step: a few hundred thousand rows.
            SystemExtra = "CREATE TABLE big (i INTEGER NOT NULL, pad TEXT);\n" +
                          "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 600000) INSERT INTO big SELECT i, hex(randomblob(16)) FROM n;",
        };
        using var dir = new TempDirectory();
        dir.Write("ledger.json", Config.Users());
        dir.Write("MIGRATIONS.md", ledger.Text());
        string system = dir.Full("data/system.db");
        int killed = 0;
        for (int attempt = 0; killed < kills; attempt++)
        {
            Assert.IsLessThan(kills * 4, attempt, "the system step finished before every kill");
            using Process run = LedgerProcess.Start(dir.Path, "apply");
            run.BeginOutputReadLine();
            run.BeginErrorReadLine();
            // Observable event: the system step's transaction is open (its rollback journal exists).
            var clock = Stopwatch.StartNew();
            while (!run.HasExited && !File.Exists(system + "-journal"))
            {
                Assert.IsLessThan(60, clock.Elapsed.TotalSeconds, "the system step never started");
                Thread.Sleep(1);
            }

            if (!run.WaitForExit(random.Next(0, 400)))
            {
                run.Kill(entireProcessTree: true);
                run.WaitForExit();
                killed++;
            }

            // Looked at through a recovered copy: the original keeps its hot journal for the next run to deal with.
            string copy = TestDb.RecoveredCopy(system, Path.Combine(dir.Parent, "scratch"));
            List<string> journal = TestDb.Column(copy, "SELECT count(*) FROM sqlite_master WHERE name = 'ledger_history'")[0] == "1"
                ? TestDb.Journal(copy) : [];
            if (journal.Count == 0)
            {
                Assert.AreEqual("0", TestDb.Scalar(copy, "SELECT count(*) FROM sqlite_master WHERE name IN ('users', 'big')"), "a rolled-back system step left tables");
                Assert.IsFalse(Directory.Exists(dir.Full("data/users")), "a user database was touched while the system database was not at the target");
            }
            else
            {
                Assert.AreEqual("600000", TestDb.Scalar(copy, "SELECT count(*) FROM big"));
                Directory.Delete(dir.Full("data"), recursive: true); // it got through: start over to kill it again
            }
        }

        ProcessResult clean = LedgerProcess.Run(dir.Path, "apply");
        Assert.AreEqual(0, clean.ExitCode, clean.ToString());
        Assert.AreEqual("600000", TestDb.Scalar(system, "SELECT count(*) FROM big"));
        foreach (string db in Directory.GetFiles(dir.Full("data/users"), "*.db"))
        {
            Assert.AreEqual((ledger.UserSteps, (string?)null), DatabaseAudit.Check(db, ledger), db);
        }

        Reliability.Figure("crash/system-phase", $"seed {seed}: {killed} SIGKILLs inside the system step survived; no user database created before the system database reached the target");
    }

    [TestMethod]
    public void KilledDuringABackupLeavesOnlyPartialFilesAndEveryFinishedBackupIsWhole()
    {
        int kills = Reliability.Count(ci: 3, @long: 20);
        int seed = Reliability.Seed(nameof(KilledDuringABackupLeavesOnlyPartialFilesAndEveryFinishedBackupIsWhole));
        var random = new Random(seed);
        using var dir = new TempDirectory();
        dir.Write("ledger.json", Config.SystemOnly);
        dir.Write("MIGRATIONS.md", SystemLedger(1));
        Assert.AreEqual(0, LedgerProcess.Run(dir.Path, "apply").ExitCode);
        string system = dir.Full("data/system.db");
        const int Pages = 40_000; // ~160 MB: the backup takes long enough to be caught in the middle
        TestDb.Execute(system, $"WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < {Pages}) INSERT INTO big (b) SELECT randomblob(4000) FROM n");
        string backups = dir.Full("data/.ledger-backups");

        int killed = 0, missed = 0, version = 1;
        for (int attempt = 0; killed < kills; attempt++)
        {
            Assert.IsLessThan(kills * 5, attempt, $"seed {seed}: the backup was never caught in the middle");
            version++;
            dir.Write("MIGRATIONS.md", SystemLedger(version));
            var leftovers = Directory.Exists(backups) ? Directory.GetFiles(backups, "*.partial").ToHashSet() : [];
            using Process run = LedgerProcess.Start(dir.Path, "apply");
            run.BeginOutputReadLine();
            run.BeginErrorReadLine();
            var clock = Stopwatch.StartNew();
            // Observable event: this run's backup has started writing its .partial file (not an earlier run's leftover).
            while (!run.HasExited && !(Directory.Exists(backups) &&
                                       Directory.EnumerateFiles(backups, "*.partial").Any(f => !leftovers.Contains(f) && new FileInfo(f).Length > 0)))
            {
                Assert.IsLessThan(60, clock.Elapsed.TotalSeconds, "no backup started");
                Thread.Sleep(1);
            }

            if (!run.WaitForExit(random.Next(0, 60)))
            {
                run.Kill(entireProcessTree: true);
                run.WaitForExit();
                killed++;
            }
            else
            {
                missed++;
            }

            AssertBackupsWhole(backups, Pages);
        }

        ProcessResult clean = LedgerProcess.Run(dir.Path, "apply");
        Assert.AreEqual(0, clean.ExitCode, clean.ToString());
        AssertBackupsWhole(backups, Pages);
        Assert.AreEqual($"1.{version}.0", TestDb.Column(system, "SELECT to_version FROM ledger_history ORDER BY rowid").Last());
        Reliability.Figure("crash/backup", $"seed {seed}: {killed} SIGKILLs during a {Pages * 4 / 1000} MB online backup survived ({missed} runs got through first); " +
            $"{Directory.GetFiles(backups, "*.db").Length} finished backups all pass quick_check, {Directory.GetFiles(backups, "*.partial").Length} .partial leftovers, no half-written final name");
    }

    /// <summary>True once a run started at <paramref name="since"/> has written a user database (the fan-out is under way).</summary>
    internal static bool FanOutStarted(string users, DateTime since) =>
        Directory.Exists(users) && Directory.EnumerateFiles(users, "*.db").Any(f => File.GetLastWriteTimeUtc(f) >= since);

    private static void AssertBackupsWhole(string backups, int pages)
    {
        if (!Directory.Exists(backups)) return;
        foreach (string file in Directory.GetFiles(backups))
        {
            // A killed backup leaves its .partial file (and that file's own rollback journal) and nothing else.
            if (file.EndsWith(".partial", StringComparison.Ordinal) || file.EndsWith(".partial-journal", StringComparison.Ordinal)) continue;
            Assert.EndsWith(".db", file, "only .db backups and .partial leftovers");
            Assert.AreEqual("ok", TestDb.Scalar(file, "PRAGMA quick_check"), file);
            Assert.AreEqual(pages.ToString(CultureInfo.InvariantCulture), TestDb.Scalar(file, "SELECT count(*) FROM big"), $"{file} is not whole");
        }
    }

    /// <summary>System steps 1.0.0 … 1.n.0, each adding a column to <c>big</c>.</summary>
    private static string SystemLedger(int steps)
    {
        var sb = new StringBuilder("# Backup\n\n```sql\n-- [system:baseline→1.0.0:start]\nCREATE TABLE big (b BLOB);\n-- [system:baseline→1.0.0:end]\n```\n");
        for (int k = 1; k <= steps; k++)
        {
            sb.Append($"\n```sql\n-- [system:1.{k - 1}.0→1.{k}.0:start]\nALTER TABLE big ADD COLUMN c{k} INTEGER;\n-- [system:1.{k - 1}.0→1.{k}.0:end]\n```\n");
        }

        return sb.ToString();
    }
}
