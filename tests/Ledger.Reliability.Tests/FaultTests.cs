using System.Diagnostics;
using Microsoft.Data.Sqlite;

namespace Ledger.Reliability.Tests;

/// <summary>
/// Faults injected under the built tool: each one fails with a message that names the database, leaves that database
/// at its previous version with nothing half-applied, and does not stop the other databases.
/// </summary>
[TestClass]
public sealed class FaultTests
{
    private static readonly SlowLedger Small = new(users: 5, userSteps: 3, rows: 200);

    private static int _faults;

    [ClassCleanup]
    public static void Figures() => Reliability.Figure("faults", $"{_faults} faults injected through the built tool, each reported by name with the other databases unaffected");

    /// <summary>Five users at 1.0.0; the ledger's target is 1.2.0.</summary>
    private static TempDirectory AtFirstVersion(string? config = null)
    {
        var dir = new TempDirectory();
        dir.Write("ledger.json", config ?? Config.Users(busyTimeoutMs: 300));
        dir.Write("MIGRATIONS.md", Small.Text());
        ProcessResult first = LedgerProcess.Run(dir.Path, "apply", "--target", "1.0.0");
        Assert.AreEqual(0, first.ExitCode, first.ToString());
        return dir;
    }

    private static string User(TempDirectory dir, int i) => dir.Full($"data/users/{SlowLedger.UserName(i)}.db");

    /// <summary>Every user but the faulty ones reached the target; the faulty ones stayed at 1.0.0, consistent.</summary>
    private static void AssertOthersDoneAndFaultyUntouched(TempDirectory dir, params int[] faulty)
    {
        for (int i = 1; i <= Small.Users; i++)
        {
            if (faulty.Contains(i)) continue;
            Assert.AreEqual((Small.UserSteps, (string?)null), DatabaseAudit.Check(User(dir, i), Small), $"{SlowLedger.UserName(i)} must not be affected");
        }
    }

    [TestMethod]
    public void ADatabaseLockedByAnotherProcessBeyondTheBusyTimeoutFailsByNameAndTheOthersProceed()
    {
        using TempDirectory dir = AtFirstVersion();
        string locked = User(dir, 3);
        ProcessResult run;
        using (var holder = new SqliteConnection($"Data Source={locked};Pooling=False"))
        {
            holder.Open();
            using SqliteCommand begin = holder.CreateCommand();
            begin.CommandText = "BEGIN IMMEDIATE";
            begin.ExecuteNonQuery();

            run = LedgerProcess.Run(dir.Path, "apply");

            begin.CommandText = "ROLLBACK";
            begin.ExecuteNonQuery();
        }

        Assert.AreEqual(1, run.ExitCode, run.ToString());
        StringAssert.Contains(run.Out, "user u0003: FAILED");
        StringAssert.Contains(run.Out, "database is locked");
        Assert.AreEqual((1, (string?)null), DatabaseAudit.Check(locked, Small));
        AssertOthersDoneAndFaultyUntouched(dir, 3);
        Assert.AreEqual(0, LedgerProcess.Run(dir.Path, "apply").ExitCode, "once the lock is gone the next run finishes");
        Assert.AreEqual((Small.UserSteps, (string?)null), DatabaseAudit.Check(locked, Small));
        Interlocked.Increment(ref _faults);
    }

    [TestMethod]
    public void ReadOnlyDatabasesFailByNameAndTheOthersProceed()
    {
        // Tests run as root, for whom chmod 0444 does not stop a write. Two honest ways that stop root too: the
        // immutable attribute (chattr +i) and a file on a read-only mount (a tmpfs remounted ro).
        using TempDirectory dir = AtFirstVersion();
        string immutable = User(dir, 2);
        string onReadOnlyMount = User(dir, 4);
        string mount = Path.Combine(dir.Parent, "ro");
        bool chattr = false, mounted = false;
        try
        {
            chattr = Shell("chattr", "+i", immutable) == 0;
            Directory.CreateDirectory(mount);
            if (Shell("mount", "-t", "tmpfs", "-o", "size=4m", "tmpfs", mount) == 0)
            {
                mounted = true;
                File.Move(onReadOnlyMount, Path.Combine(mount, "u0004.db"));
                File.CreateSymbolicLink(onReadOnlyMount, Path.Combine(mount, "u0004.db"));
                Assert.AreEqual(0, Shell("mount", "-o", "remount,ro", mount));
            }

            if (!chattr && !mounted) Assert.Inconclusive("neither chattr +i nor mount works here: a read-only file cannot be simulated for root");
            var before = TestDb.Fingerprint(dir.Full("data/users"));

            ProcessResult run = LedgerProcess.Run(dir.Path, "apply");

            Assert.AreEqual(1, run.ExitCode, run.ToString());
            var faulty = new List<int>();
            if (chattr)
            {
                StringAssert.Contains(run.Out, "user u0002: FAILED");
                faulty.Add(2);
            }

            if (mounted)
            {
                StringAssert.Contains(run.Out, "user u0004: FAILED");
                faulty.Add(4);
            }

            StringAssert.Contains(run.Out, "readonly");
            var after = TestDb.Fingerprint(dir.Full("data/users"));
            foreach (int i in faulty)
            {
                string name = $"{SlowLedger.UserName(i)}.db";
                Assert.AreEqual(before[name], after[name], $"{name} was written");
                Assert.AreEqual((1, (string?)null), DatabaseAudit.Check(User(dir, i), Small));
            }

            AssertOthersDoneAndFaultyUntouched(dir, [.. faulty]);
            _faults += faulty.Count;
        }
        finally
        {
            if (chattr) Shell("chattr", "-i", immutable);
            if (mounted) Shell("umount", "-l", mount);
        }
    }

    [TestMethod]
    public void AFileThatIsNotASqliteDatabaseFailsByNameAndIsNotChanged()
    {
        using TempDirectory dir = AtFirstVersion();
        string garbage = User(dir, 2);
        File.WriteAllText(garbage, string.Concat(Enumerable.Repeat("this is not a database. ", 100)));
        byte[] bytes = File.ReadAllBytes(garbage);

        ProcessResult run = LedgerProcess.Run(dir.Path, "apply");

        Assert.AreEqual(1, run.ExitCode, run.ToString());
        StringAssert.Contains(run.Out, "user u0002: FAILED");
        StringAssert.Contains(run.Out, "not a database");
        CollectionAssert.AreEqual(bytes, File.ReadAllBytes(garbage), "the file is left as it was");
        Assert.IsFalse(Directory.Exists(dir.Full("data/users/.ledger-backups")) && Directory.GetFiles(dir.Full("data/users/.ledger-backups"), "u0002*").Length > 0);
        AssertOthersDoneAndFaultyUntouched(dir, 2);
        Interlocked.Increment(ref _faults);
    }

    [TestMethod]
    public void AFifoADirectoryAndALinkToDevNullAtUserPathsAreNamedByEveryVerbWhichFinishes()
    {
        using TempDirectory dir = AtFirstVersion();
        string fifo = User(dir, 1), folder = User(dir, 2), device = User(dir, 3);
        File.Delete(fifo);
        if (Shell("mkfifo", fifo) != 0) Assert.Inconclusive("mkfifo does not work here");
        File.Delete(folder);
        Directory.CreateDirectory(folder);
        File.Delete(device);
        File.CreateSymbolicLink(device, "/dev/null");
        (string User, string Reason)[] expected =
        [
            ("u0001", "its path is a FIFO (named pipe), not a regular file"),
            ("u0002", "its path is a directory, not a regular file"),
            ("u0003", "its path is a symbolic link to /dev/null, a character device, not a regular file"),
        ];

        // Before the fix, opening the FIFO blocked status, verify and plan for ever: the guard turns a hang into a failure.
        foreach (string[] verb in new string[][] { ["status"], ["verify"], ["plan"], ["apply"], ["baseline", "--version", "1.0.0"], ["rollback", "--to", "1.0.0"] })
        {
            using Process process = LedgerProcess.Start(dir.Path, verb);
            ProcessResult run = LedgerProcess.Finish(process, verb, TimeSpan.FromMinutes(2));

            Assert.AreNotEqual(0, run.ExitCode, run.ToString());
            foreach ((string user, string reason) in expected)
            {
                Assert.IsTrue(run.OutLines.Any(l => l.Contains($"user {user}", StringComparison.Ordinal) && l.Contains(reason, StringComparison.Ordinal)),
                    $"{string.Join(' ', verb)} must name {user}: {reason}\n{run}");
            }
        }

        Assert.IsTrue(File.Exists(fifo) && !File.GetAttributes(fifo).HasFlag(FileAttributes.Directory), "the FIFO is still there");
        Assert.AreEqual(0, Directory.GetFileSystemEntries(folder).Length, "nothing was created inside the directory");
        Assert.AreEqual("/dev/null", new FileInfo(device).LinkTarget);
        AssertOthersDoneAndFaultyUntouched(dir, 1, 2, 3);
        Interlocked.Add(ref _faults, 3);
    }

    [TestMethod]
    public void AMissingUsersDirectoryIsReportedWithoutCreateMissingAndCreatedWithIt()
    {
        using var dir = new TempDirectory();
        dir.Write("ledger.json", Config.Users(createMissing: false, path: "data/missing/{user}.db"));
        dir.Write("MIGRATIONS.md", Small.Text());

        ProcessResult without = LedgerProcess.Run(dir.Path, "apply");

        Assert.AreEqual(0, without.ExitCode, without.ToString());
        StringAssert.Contains(without.Out, "5 skipped");
        StringAssert.Contains(without.Out, "user u0001: skipped: database does not exist (use --create-missing to create it)");
        Assert.IsFalse(Directory.Exists(dir.Full("data/missing")), "nothing is created without --create-missing");

        ProcessResult with = LedgerProcess.Run(dir.Path, "apply", "--create-missing");

        Assert.AreEqual(0, with.ExitCode, with.ToString());
        StringAssert.Contains(with.Out, "5 migrated");
        for (int i = 1; i <= Small.Users; i++)
        {
            Assert.AreEqual((Small.UserSteps, (string?)null), DatabaseAudit.Check(dir.Full($"data/missing/{SlowLedger.UserName(i)}.db"), Small));
        }

        Interlocked.Increment(ref _faults);
    }

    [TestMethod]
    public void AFullDiskFailsTheStepByNameAndLeavesThePreviousVersion()
    {
        using TempDirectory dir = AtFirstVersion();
        using var tiny = new TinyFileSystem(dir, "tiny", "tests/Ledger.Sqlite.Tests/Engine/DiskFullTests.cs covers SQLITE_FULL in-process");
        string mount = tiny.Path;

        // u0002's file lives on a 1 MB filesystem; the ledger's next step needs about 4 MB there.
        string full = User(dir, 2);
        File.Move(full, Path.Combine(mount, "u0002.db"));
        File.CreateSymbolicLink(full, Path.Combine(mount, "u0002.db"));
        string ledger = Small.Text().Replace("INSERT INTO applied VALUES ('1.1.0');",
            "INSERT INTO applied VALUES ('1.1.0');\nCREATE TABLE blobs (b BLOB NOT NULL);\n" +
            "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 1000) INSERT INTO blobs SELECT randomblob(4096) FROM n;", StringComparison.Ordinal);
        dir.Write("MIGRATIONS.md", ledger);

        ProcessResult run = LedgerProcess.Run(dir.Path, "apply");

        Assert.AreEqual(1, run.ExitCode, run.ToString());
        StringAssert.Contains(run.Out, "user u0002: FAILED");
        StringAssert.Contains(run.Out, "full");
        string left = string.Join(", ", Directory.GetFiles(mount).Select(f => $"{Path.GetFileName(f)} {new FileInfo(f).Length}"));
        Console.WriteLine($"left on the full filesystem: {left}");
        // SQLite may leave the rolled-back step's journal behind when the disk is full (it cannot always finish the
        // rollback there); the next opener rolls it back. verify must read it (it does so), and the state is 1.0.0.
        ProcessResult verify = LedgerProcess.Run(dir.Path, "verify");
        Assert.AreEqual(0, verify.ExitCode, verify.ToString());
        Assert.AreEqual((1, (string?)null), DatabaseAudit.Check(full, Small), $"{left}\n{run}");
        Assert.AreEqual("0", TestDb.Scalar(full, "SELECT count(*) FROM sqlite_master WHERE name = 'blobs'"), "nothing of the failed step remains");
        for (int i = 1; i <= Small.Users; i++)
        {
            if (i == 2) continue;
            Assert.AreEqual("1000", TestDb.Scalar(User(dir, i), "SELECT count(*) FROM blobs"), "the others are not affected");
        }

        Interlocked.Increment(ref _faults);
    }

    [TestMethod]
    public void ABackupThatFailsOnAFullDiskLeavesNoPartialFileAndTheDatabaseUnchanged()
    {
        using TempDirectory dir = AtFirstVersion(Config.Users(backup: true));
        using var tiny = new TinyFileSystem(dir, "tiny-backups", "a full backup disk cannot be simulated");
        string mount = tiny.Path;

        // u0002 grows to about 3 MB: its backup cannot fit on the 1 MB backup disk; the others' (a few KB) do.
        string big = User(dir, 2);
        TestDb.Execute(big, "CREATE TABLE pad (b BLOB); WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 750) INSERT INTO pad SELECT randomblob(4000) FROM n");
        var before = TestDb.Fingerprint(dir.Full("data/users"));

        // Twice: every failed attempt used to leave its own .partial file behind.
        for (int attempt = 1; attempt <= 2; attempt++)
        {
            // One database at a time: u0002's copy fills the disk until it fails, and a backup running beside it would
            // fail too.
            ProcessResult run = LedgerProcess.Run(dir.Path, "apply", "--backup-dir", mount, "--parallel", "1");

            Assert.AreEqual(1, run.ExitCode, run.ToString());
            StringAssert.Contains(run.Out, "user u0002: FAILED");
            StringAssert.Contains(run.Out, "full");
            Assert.IsEmpty(Directory.GetFiles(mount, "*.partial*"), $"attempt {attempt}: {string.Join(", ", Directory.GetFiles(mount))}");
            Assert.AreEqual(before["u0002.db"], TestDb.Fingerprint(dir.Full("data/users"))["u0002.db"], "the database is not changed");
            Assert.AreEqual((1, (string?)null), DatabaseAudit.Check(big, Small));
            AssertOthersDoneAndFaultyUntouched(dir, 2);
        }

        Assert.AreEqual(0, LedgerProcess.Run(dir.Path, "apply").ExitCode, "with room for the backup the next run finishes");
        Assert.AreEqual((Small.UserSteps, (string?)null), DatabaseAudit.Check(big, Small));
        Interlocked.Increment(ref _faults);
    }

    [TestMethod]
    public void ALowLimitOfOpenFilesLowersTheParallelismAndTheRunPrintsItsSummary()
    {
        var ledger = new SlowLedger(users: 200, userSteps: 2, rows: 10);
        using var dir = new TempDirectory();
        dir.Write("ledger.json", Config.Users());
        dir.Write("MIGRATIONS.md", ledger.Text());
        string shim = Path.Combine(LedgerProcess.WriteShim(Path.Combine(dir.Parent, "bin")), "ledger");

        // The descriptors the runtime itself needs differ between machines: raise the limit (ulimit -n) from well below
        // them until the tool starts. Before the fix, --parallel 64 then ran out of descriptors in the fan-out: "could
        // not load file or assembly", "Failed to create the thread pool Gate thread", or databases failing with
        // "unable to open database file" and no reason.
        ProcessResult? started = null;
        int limit = 85;
        for (; limit <= 250 && started is null; limit += 5)
        {
            string[] line = ["-c", $"ulimit -n {limit} && exec \"$0\" apply --parallel 64", shim];
            var start = new ProcessStartInfo("sh") { WorkingDirectory = dir.Path, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            foreach (string a in line) start.ArgumentList.Add(a);
            using Process process = Process.Start(start)!;
            ProcessResult run = LedgerProcess.Finish(process, line, TimeSpan.FromMinutes(2));

            Assert.IsFalse(run.Out.Contains("could not load file or assembly", StringComparison.OrdinalIgnoreCase) ||
                           run.Error.Contains("could not load file or assembly", StringComparison.OrdinalIgnoreCase), $"ulimit -n {limit}: {run}");
            if (run.Out.Contains($"target {ledger.Target}:", StringComparison.Ordinal)) started = run;
        }

        Assert.IsNotNull(started, "the tool never started");
        Console.WriteLine($"first limit that let the tool start: {limit - 5}\n{started}");
        StringAssert.Contains(started.Error, "database(s) at a time instead of 64: the process's limit of open files (ulimit -n)");
        string[] failed = started.OutLines.Where(l => l.Contains(": FAILED: ", StringComparison.Ordinal)).ToArray();
        Assert.AreEqual(failed.Length == 0 ? 0 : 1, started.ExitCode, started.ToString());
        foreach (string f in failed)
        {
            // A database that still found no descriptor (the runtime took some meanwhile) is named, with the OS's reason.
            StringAssert.Matches(f, new System.Text.RegularExpressions.Regex(@"^  user u\d{4}: FAILED: .*unable to open database file.*Too many open files: .*ulimit -n"), started.ToString());
        }

        ProcessResult next = LedgerProcess.Run(dir.Path, "apply", "--parallel", "64");
        Assert.AreEqual(0, next.ExitCode, next.ToString());
        string[] files = Directory.GetFiles(dir.Full("data/users"), "*.db");
        Assert.HasCount(ledger.Users, files);
        foreach (string db in files)
        {
            Assert.AreEqual((ledger.UserSteps, (string?)null), DatabaseAudit.Check(db, ledger), Path.GetFileName(db));
        }

        Interlocked.Increment(ref _faults);
    }

    [TestMethod]
    public void AUsersQueryReturningNullsDuplicatesAndNumbersRejectsTheNullsAndRunsEachOtherNameOnce()
    {
        using var dir = new TempDirectory();
        dir.Write("ledger.json", Config.Users(query: "SELECT name FROM accounts"));
        dir.Write("MIGRATIONS.md", Small.Text().Replace("CREATE TABLE users (username TEXT PRIMARY KEY);",
            "CREATE TABLE accounts (name);\nINSERT INTO accounts VALUES ('alice'), (NULL), ('alice'), (42), ('bob'), (NULL), (42), (x'00ff');\nCREATE TABLE users (username TEXT PRIMARY KEY);", StringComparison.Ordinal));

        ProcessResult run = LedgerProcess.Run(dir.Path, "apply");

        Assert.AreEqual(1, run.ExitCode, run.ToString());
        StringAssert.Contains(run.Out, "returned NULL instead of a user name");
        StringAssert.Contains(run.Out, "returned a blob instead of a user name");
        CollectionAssert.AreEquivalent(new[] { "42.db", "alice.db", "bob.db" }, Directory.GetFiles(dir.Full("data/users")).Select(Path.GetFileName).ToArray());
        foreach (string db in Directory.GetFiles(dir.Full("data/users")))
        {
            Assert.AreEqual((Small.UserSteps, (string?)null), DatabaseAudit.Check(db, Small), "applied once, even when listed twice");
        }

        Interlocked.Increment(ref _faults);
    }

    [TestMethod]
    public void AUsersQueryThatFailsIsReportedAfterTheSystemStepsAndNoUserDatabaseIsCreated()
    {
        using var dir = new TempDirectory();
        dir.Write("ledger.json", Config.Users(query: "SELECT no_such_column FROM users"));
        dir.Write("MIGRATIONS.md", Small.Text());

        ProcessResult run = LedgerProcess.Run(dir.Path, "apply");

        Assert.AreEqual(1, run.ExitCode, run.ToString());
        StringAssert.Contains(run.Out, "users query");
        StringAssert.Contains(run.Out, "no such column: no_such_column");
        Assert.AreEqual(Small.UserSteps.ToString(System.Globalization.CultureInfo.InvariantCulture), TestDb.Scalar(dir.Full("data/system.db"), "SELECT count(*) FROM ledger_history"));
        Assert.IsFalse(Directory.Exists(dir.Full("data/users")));
        Interlocked.Increment(ref _faults);
    }

    [TestMethod]
    public void AFailingSystemStepTouchesNoUserDatabase()
    {
        using TempDirectory dir = AtFirstVersion(Config.Users(backup: true));
        string ledger = Small.Text() + """

            ```sql
            -- [system:1.1.0→1.2.0:start]
            INSERT INTO users VALUES ('zed');
            INSERT INTO no_such_table VALUES (1);
            -- [system:1.1.0→1.2.0:end]
            ```
            """;
        dir.Write("MIGRATIONS.md", ledger);
        var before = TestDb.Fingerprint(dir.Full("data/users"));

        ProcessResult run = LedgerProcess.Run(dir.Path, "apply");

        Assert.AreEqual(1, run.ExitCode, run.ToString());
        StringAssert.Contains(run.Out, "system (data/system.db): FAILED");
        StringAssert.Contains(run.Out, "no such table: no_such_table");
        StringAssert.Contains(run.Out, "no user database was touched");
        CollectionAssert.AreEqual(before.ToList(), TestDb.Fingerprint(dir.Full("data/users")).ToList(), "user databases: same bytes, same times, no new file");
        Assert.AreEqual("0", TestDb.Scalar(dir.Full("data/system.db"), "SELECT count(*) FROM users WHERE username = 'zed'"), "the failed step left nothing");
        Assert.AreEqual("1.1.0", TestDb.Column(dir.Full("data/system.db"), "SELECT to_version FROM ledger_history ORDER BY rowid").Last());
        Interlocked.Increment(ref _faults);
    }

    /// <summary>A 1 MB tmpfs mounted beside a test's folder, or an inconclusive test; unmounted when disposed.</summary>
    private sealed class TinyFileSystem : IDisposable
    {
        public TinyFileSystem(TempDirectory dir, string name, string otherwise)
        {
            Path = System.IO.Path.Combine(dir.Parent, name);
            Directory.CreateDirectory(Path);
            if (Shell("mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", Path) != 0)
            {
                Assert.Inconclusive($"mount -t tmpfs does not work here: {otherwise}");
            }
        }

        public string Path { get; }

        public void Dispose()
        {
            SqliteConnection.ClearAllPools();
            Shell("umount", "-l", Path);
        }
    }

    private static int Shell(string file, params string[] args)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (string a in args) start.ArgumentList.Add(a);
        try
        {
            using Process p = Process.Start(start)!;
            p.WaitForExit();
            return p.ExitCode;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return -1; // the command is not installed
        }
    }
}
