using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace Ledger.Reliability.Tests;

/// <summary>
/// Spec §3 point 10: <c>apply</c> killed with SIGKILL at random moments (seeded), many times, then one clean run. After
/// every kill, every database is audited as the crash left it (<see cref="DatabaseAudit"/>), and <c>verify</c> must be
/// able to read them; at the end every database is at the target with one journal row per edge.
/// </summary>
[TestClass]
public sealed class CrashTests
{
    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    public void KilledAtRandomMomentsOfTheFanOutEveryDatabaseStaysConsistentAndACleanRunFinishes()
    {
        int kills = Reliability.Count(ci: 10, @long: 500);
        int seed = Reliability.Seed(nameof(KilledAtRandomMomentsOfTheFanOutEveryDatabaseStaysConsistentAndACleanRunFinishes));
        var random = new Random(seed);
        var ledger = new SlowLedger(users: 100);
        using var dir = new TempDirectory();
        dir.Write("ledger.json", Config.Users());
        dir.Write("MIGRATIONS.md", ledger.Text());
        string users = dir.Full(Path.Combine("data", "users"));
        string scratch = Path.Combine(dir.Parent, "scratch");

        int killed = 0, finished = 0, rounds = 0, audits = 0, attempts = 0;
        var progress = new List<int>();
        while (killed < kills)
        {
            Assert.IsLessThan(kills * 4 + 20, ++attempts, $"seed {seed}: too many runs finished before they could be killed");
            int delayMs = random.Next(0, 2000);
            DateTime started = DateTime.UtcNow;
            using Process run = LedgerProcess.Start(dir.Path, "apply", "--parallel", "2");
            run.BeginOutputReadLine();
            run.BeginErrorReadLine();
            // Observable event: the fan-out is under way (a user database was written by this run). Then the provoked
            // crash: SIGKILL at a random moment after it (not a wait for anything to settle).
            var clock = Stopwatch.StartNew();
            while (!run.HasExited && !FanOutStarted(users, started))
            {
                Assert.IsLessThan(120, clock.Elapsed.TotalSeconds, "the fan-out never started");
                Thread.Sleep(2);
            }

            if (!run.WaitForExit(delayMs))
            {
                run.Kill(entireProcessTree: true);
                run.WaitForExit();
                killed++;
            }
            else
            {
                Assert.AreEqual(0, run.ExitCode, $"seed {seed}, run {attempts}: an unkilled run failed");
                finished++;
            }

            int total = 0;
            foreach (string db in Directory.Exists(users) ? Directory.GetFiles(users, "*.db") : [])
            {
                (int steps, string? problem) = DatabaseAudit.CheckCopy(db, ledger, scratch);
                Assert.IsNull(problem, $"seed {seed}, kill {killed} after {delayMs} ms: {Path.GetFileName(db)}: {problem}");
                total += steps;
                audits++;
            }

            progress.Add(total);
            ProcessResult verify = LedgerProcess.Run(dir.Path, "verify");
            Assert.AreEqual(0, verify.ExitCode, $"seed {seed}, kill {killed}: verify after a crash must read every database\n{verify}");

            if (total == ledger.Users * ledger.UserSteps && killed < kills)
            {
                // Everything reached the target before enough kills: start a new round on fresh databases.
                rounds++;
                Directory.Delete(dir.Full("data"), recursive: true);
            }
        }

        var cleanClock = Stopwatch.StartNew();
        ProcessResult clean = LedgerProcess.Run(dir.Path, "apply", "--parallel", "2");
        Assert.AreEqual(0, clean.ExitCode, clean.ToString());
        long cleanMs = cleanClock.ElapsedMilliseconds;
        string[] files = Directory.GetFiles(users, "*.db");
        Assert.HasCount(ledger.Users, files);
        foreach (string db in files)
        {
            (int steps, string? problem) = DatabaseAudit.Check(db, ledger);
            Assert.IsNull(problem, $"{Path.GetFileName(db)}: {problem}");
            Assert.AreEqual(ledger.UserSteps, steps, Path.GetFileName(db));
            audits++;
        }

        CollectionAssert.AreEqual(Enumerable.Repeat("applied", 1).Concat(Enumerable.Repeat("empty", ledger.UserSteps - 1)).ToArray(),
            TestDb.Column(dir.Full("data/system.db"), "SELECT kind FROM ledger_history ORDER BY rowid"), "the system journal: one row per edge");
        Reliability.Figure("crash/fan-out", $"seed {seed}: {killed} SIGKILLs survived ({finished} runs finished unkilled, {rounds} extra rounds), " +
            $"{ledger.Users} user databases x {ledger.UserSteps} steps, {audits} database audits, 0 rows lost; the clean run took {cleanMs} ms; " +
            $"steps committed after each run: {string.Join(' ', progress.Take(30))}{(progress.Count > 30 ? " …" : "")}");
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
