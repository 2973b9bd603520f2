using System.Diagnostics;
using System.Text.Json;
using Microsoft.Data.Sqlite;

namespace Ledger.Reliability.Tests;

/// <summary>
/// Faults injected under the built tool: each one fails with a message that names the database, leaves that database
/// at its previous version with nothing half-applied, and does not stop the other databases.
/// </summary>
[TestClass]
public sealed class FaultTests
{
    internal static readonly SlowLedger Small = new(users: 5, userSteps: 3, rows: 200);

    private static int _faults;

    [ClassCleanup]
    public static void Figures() => Reliability.Figure("faults", $"{_faults} faults injected through the built tool, each reported by name with the other databases unaffected");

    /// <summary>Five users at 1.0.0; the ledger's target is 1.2.0.</summary>
    internal static TempDirectory AtFirstVersion(string? config = null)
    {
        TempDirectory dir = WithLedger(config ?? Config.Users(busyTimeoutMs: 300));
        ProcessResult first = LedgerProcess.Run(dir.Path, "apply", "--target", "1.0.0");
        Assert.AreEqual(0, first.ExitCode, first.ToString());
        return dir;
    }

    /// <summary>A folder with <paramref name="config"/> as ledger.json and the five-user ledger; no database yet.</summary>
    internal static TempDirectory WithLedger(string config)
    {
        var dir = new TempDirectory();
        dir.Write("ledger.json", config);
        dir.Write("MIGRATIONS.md", Small.Text());
        return dir;
    }

    internal static string User(TempDirectory dir, int i) => dir.Full($"data/users/{SlowLedger.UserName(i)}.db");

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
        // immutable attribute (chattr +i) and a file on a read-only mount (a tmpfs remounted ro), reached by a symbolic
        // link out of the users' folder, which the configuration allows.
        using TempDirectory dir = AtFirstVersion(Config.Users(busyTimeoutMs: 300, allowSymlinksOutside: true));
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

            foreach (int i in faulty)
            {
                // Each for being read-only, not for any other reason (the link to the mount is allowed).
                StringAssert.Contains(run.OutLines.Single(l => l.Contains($"user {SlowLedger.UserName(i)}: FAILED", StringComparison.Ordinal)), "read-only", run.ToString());
            }

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
        // The link to /dev/null leads out of the users' folder: allowed here, so that what it leads to is what is refused.
        using TempDirectory dir = AtFirstVersion(Config.Users(busyTimeoutMs: 300, allowSymlinksOutside: true));
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
        using TempDirectory dir = WithLedger(Config.Users(createMissing: false, path: "data/missing/{user}.db"));

        ProcessResult without = LedgerProcess.Run(dir.Path, "apply");

        Assert.AreEqual(0, without.ExitCode, without.ToString());
        StringAssert.Contains(without.Out, "5 skipped");
        // Five databases skipped for the same reason are one grouped line (issue 21: identical reasons are grouped).
        StringAssert.Contains(without.Out, "5 user databases: skipped: database does not exist (use --create-missing to create it)");
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
    // The step to 1.1.0 needs about 4 MB: more than SQLite's page cache, so a statement fills the disk as pages spill.
    [DataRow("1.1.0", 1000, 1, "user u0002: FAILED: step 1.0.0→1.1.0 failed at MIGRATIONS.md:", "(left at 1.0.0)")]
    // The step to 1.2.0 adds 1.2 MB: it fits in the cache, so its statements succeed and the disk fills at commit,
    // after 1.0.0→1.1.0 was committed.
    [DataRow("1.2.0", 300, 2, "user u0002: FAILED: step 1.1.0→1.2.0: failed at commit: ", "(left at 1.1.0; 1 step committed from 1.0.0)")]
    public void AFullDiskFailsTheStepByNameAndLeavesThePreviousVersion(string version, int blobs, int stepsLeft, string failure, string leftAt)
    {
        // u0002 is reached by a symbolic link to the small filesystem, out of the users' folder: allowed here.
        using TempDirectory dir = AtFirstVersion(Config.Users(busyTimeoutMs: 300, allowSymlinksOutside: true));
        using var tiny = new TinyFileSystem(dir, "tiny", "tests/Ledger.Sqlite.Tests/Engine/DiskFullTests.cs covers SQLITE_FULL in-process");
        string mount = tiny.Path;
        // u0002's file lives on a 1 MB filesystem.
        string full = OnATinyDiskWithBlobs(dir, mount, 2, version, blobs);

        ProcessResult run = LedgerProcess.Run(dir.Path, "apply");

        Assert.AreEqual(1, run.ExitCode, run.ToString());
        StringAssert.Contains(run.Out, failure, run.ToString());
        StringAssert.Contains(run.Out, "full", run.ToString());
        StringAssert.Contains(run.Out, leftAt, run.ToString());
        string left = string.Join(", ", Directory.GetFiles(mount).Select(f => $"{Path.GetFileName(f)} {new FileInfo(f).Length}"));
        Console.WriteLine($"left on the full filesystem: {left}");
        // SQLite may leave the rolled-back step's journal behind when the disk is full (it cannot always finish the
        // rollback there); the next opener rolls it back. verify must read it (it does so), and the state is the last commit.
        ProcessResult verify = LedgerProcess.Run(dir.Path, "verify");
        Assert.AreEqual(0, verify.ExitCode, verify.ToString());
        Assert.AreEqual((stepsLeft, (string?)null), DatabaseAudit.Check(full, Small), $"{left}\n{run}");
        Assert.AreEqual("0", TestDb.Scalar(full, "SELECT count(*) FROM sqlite_master WHERE name = 'blobs'"), "nothing of the failed step remains");
        for (int i = 1; i <= Small.Users; i++)
        {
            if (i == 2) continue;
            Assert.AreEqual(blobs.ToString(System.Globalization.CultureInfo.InvariantCulture), TestDb.Scalar(User(dir, i), "SELECT count(*) FROM blobs"), "the others are not affected");
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
    // 64 at once asked for by the flag, or by default on a machine with 64 processors (the runtime's
    // DOTNET_PROCESSOR_COUNT stands in for one): the default is lowered too.
    [DataRow("apply --parallel 64")]
    [DataRow("export DOTNET_PROCESSOR_COUNT=64 && exec \"$0\" apply")]
    public void ALowLimitOfOpenFilesLowersTheParallelismAndTheRunPrintsItsSummary(string command)
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
            string run64 = command.StartsWith("apply", StringComparison.Ordinal) ? $"exec \"$0\" {command}" : command;
            string[] line = ["-c", $"ulimit -n {limit} && {run64}", shim];
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

    [TestMethod]
    [DataRow("text")]
    [DataRow("json")]
    public void AStepFailingAtItsJournalInsertAfterAnEarlierStepCommittedReportsThatStepAndWhereTheDatabaseWasLeft(string format)
    {
        using TempDirectory dir = AtFirstVersion();
        // Another tool guards u0002's journal: the insert of the row for 1.2.0 fails, after 1.0.0→1.1.0 was committed.
        string guarded = User(dir, 2);
        TestDb.Execute(guarded, "CREATE TRIGGER audit_freeze BEFORE INSERT ON ledger_history WHEN NEW.to_version = '1.2.0' " +
                                "BEGIN SELECT RAISE(ABORT, 'ledger_history is frozen by the audit tool'); END;");

        ProcessResult run = LedgerProcess.Run(dir.Path, "apply", "--format", format);

        Assert.AreEqual(1, run.ExitCode, run.ToString());
        if (format == "text")
        {
            StringAssert.Contains(run.Out, "4 migrated, 0 already current, 1 failed, 0 skipped (of 5 user databases)", run.ToString());
            StringAssert.Contains(run.Out, "user u0002: FAILED: step 1.1.0→1.2.0: failed while recording the step in the history table: " +
                                           "SQLite Error 19: 'ledger_history is frozen by the audit tool'. (left at 1.1.0; 1 step committed from 1.0.0)", run.ToString());
        }
        else
        {
            JsonElement u0002 = JsonUser(run, "u0002");
            Assert.AreEqual("failed", u0002.GetProperty("outcome").GetString());
            Assert.AreEqual("1.0.0", u0002.GetProperty("from").GetString());
            Assert.AreEqual("1.1.0", u0002.GetProperty("to").GetString(), run.ToString());
            CollectionAssert.AreEqual(new[] { "1.0.0→1.1.0" }, Steps(u0002));
            Assert.AreEqual("1.1.0→1.2.0", u0002.GetProperty("failure").GetProperty("edge").GetString());
            StringAssert.Contains(u0002.GetProperty("failure").GetProperty("message").GetString(), "frozen by the audit tool");
        }

        Assert.AreEqual((2, (string?)null), DatabaseAudit.Check(guarded, Small), "1.1.0 committed and recorded, nothing of 1.2.0");
        AssertOthersDoneAndFaultyUntouched(dir, 2);
        Interlocked.Increment(ref _faults);
    }

    [TestMethod]
    [DataRow("text")]
    [DataRow("json")]
    public void CtrlCInTheMiddleOfTheFanOutReportsEachInterruptedDatabasesCommittedStepsAndCountsTheDatabasesNotStarted(string format)
    {
        var slow = new SlowLedger(users: 6, userSteps: 21, rows: 20000);
        for (int attempt = 1; ; attempt++)
        {
            using var dir = new TempDirectory();
            dir.Write("ledger.json", Config.Users());
            dir.Write("MIGRATIONS.md", slow.Text());
            string[] args = ["apply", "--parallel", "1", "--format", format];
            ProcessResult run;
            using (Process process = LedgerProcess.Start(dir.Path, args))
            {
                // One database at a time, in name order: once u0002 has committed two steps, press Ctrl+C.
                var clock = Stopwatch.StartNew();
                while (CommittedSteps(dir.Full("data/users/u0002.db")) < 2)
                {
                    Assert.IsFalse(process.HasExited, "the run ended before u0002 had two steps; make the steps slower");
                    Assert.IsLessThan(120, clock.Elapsed.TotalSeconds, "u0002 never got two steps");
                    Thread.Sleep(5);
                }

                Assert.AreEqual(0, Shell("kill", "-INT", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)));
                run = LedgerProcess.Finish(process, args, TimeSpan.FromMinutes(5));
            }

            Assert.AreEqual(1, run.ExitCode, run.ToString());
            Assert.DoesNotContain("internal error", run.Error, run.ToString());
            int migrated = 0, interrupted = 0, notStarted = 0;
            for (int i = 1; i <= slow.Users; i++)
            {
                string name = SlowLedger.UserName(i);
                string path = dir.Full($"data/users/{name}.db");
                (int steps, string? problem) = DatabaseAudit.Check(path, slow);
                Assert.IsNull(problem, $"{name}: {problem}");
                if (!File.Exists(path))
                {
                    notStarted++;
                    continue;
                }

                if (steps == slow.UserSteps)
                {
                    migrated++;
                    continue;
                }

                interrupted++;
                string leftAt = steps == 0 ? "baseline" : SlowLedger.Version(steps - 1);
                if (format == "text")
                {
                    string expected = $"user {name}: skipped: interrupted before it finished (every committed step is recorded)" +
                                      $" (left at {leftAt}" + (steps == 0 ? ")" : $"; {steps} step{(steps == 1 ? "" : "s")} committed from baseline)");
                    StringAssert.Contains(run.Out, expected, run.ToString());
                }
                else
                {
                    JsonElement user = JsonUser(run, name);
                    Assert.AreEqual("skipped", user.GetProperty("outcome").GetString());
                    Assert.AreEqual(leftAt, user.GetProperty("to").GetString(), run.ToString());
                    CollectionAssert.AreEqual(slow.Edges.Take(steps).Select(e => e.Split(' ')[0].Replace("->", "→", StringComparison.Ordinal)).ToArray(), Steps(user));
                }
            }

            Assert.AreEqual(slow.Users, migrated + interrupted + notStarted);
            if (format == "text")
            {
                StringAssert.Contains(run.Out, $"{migrated} migrated, 0 already current, 0 failed, {interrupted} skipped, {notStarted} not started (of {slow.Users} user databases)", run.ToString());
            }
            else
            {
                JsonElement summary = JsonDocument.Parse(run.Out).RootElement.GetProperty("summary");
                Assert.AreEqual(migrated, summary.GetProperty("migrated").GetInt32());
                Assert.AreEqual(interrupted, summary.GetProperty("skipped").GetInt32());
                Assert.AreEqual(notStarted, summary.GetProperty("notStarted").GetInt32(), run.ToString());
            }

            // The signal is handled between two steps; if it came only as u0002 ended, no database was caught in the middle.
            if (interrupted == 1 && notStarted > 0) break;
            Assert.IsLessThan(3, attempt, $"no database was interrupted in the middle in {attempt} attempts\n{run}");
        }

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

    /// <summary>
    /// Moves user <paramref name="user"/>'s file onto the (small, mounted) <paramref name="mount"/>, symlinked from its
    /// place, and makes the step to <paramref name="version"/> also write <paramref name="blobs"/> blobs of 4 KB.
    /// </summary>
    /// <returns>The user's database path.</returns>
    private static string OnATinyDiskWithBlobs(TempDirectory dir, string mount, int user, string version, int blobs)
    {
        string path = User(dir, user);
        string moved = Path.Combine(mount, Path.GetFileName(path));
        File.Move(path, moved);
        File.CreateSymbolicLink(path, moved);
        dir.Write("MIGRATIONS.md", Small.Text().Replace($"INSERT INTO applied VALUES ('{version}');",
            $"INSERT INTO applied VALUES ('{version}');\nCREATE TABLE blobs (b BLOB NOT NULL);\n" +
            $"WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < {blobs}) INSERT INTO blobs SELECT randomblob(4096) FROM n;",
            StringComparison.Ordinal));
        return path;
    }

    /// <summary>Journal rows committed to a database so far, read while the tool writes it (0 before it has a journal).</summary>
    private static int CommittedSteps(string path)
    {
        if (!File.Exists(path)) return 0;
        try
        {
            return int.Parse(TestDb.Scalar(path, "SELECT count(*) FROM ledger_history"), System.Globalization.CultureInfo.InvariantCulture);
        }
        catch (SqliteException)
        {
            return 0; // just created: no journal table yet
        }
    }

    private static JsonElement JsonUser(ProcessResult run, string name) =>
        JsonDocument.Parse(run.Out).RootElement.GetProperty("users").EnumerateArray().Single(u => u.GetProperty("name").GetString() == name);

    private static string[] Steps(JsonElement user) =>
        user.GetProperty("steps").EnumerateArray().Select(s => $"{s.GetProperty("from").GetString()}→{s.GetProperty("to").GetString()}").ToArray();

    /// <summary>The journal as another tool might leave it: recreated without its constraints or column types.</summary>
    private const string RecreatedWithoutConstraints =
        "ALTER TABLE ledger_history RENAME TO old_history; " +
        "CREATE TABLE ledger_history (scope, from_version, to_version, checksum, title, applied_at, duration_ms, kind); " +
        "INSERT INTO ledger_history SELECT * FROM old_history; DROP TABLE old_history; ";

    [TestMethod]
    [DataRow("UPDATE ledger_history SET checksum = NULL", "has NULL in checksum")]
    [DataRow("UPDATE ledger_history SET from_version = NULL", "has NULL in from_version")]
    [DataRow("UPDATE ledger_history SET to_version = 100", "has an integer in to_version, where Ledger writes text")]
    [DataRow("UPDATE ledger_history SET to_version = 'one.oh'", "has to_version 'one.oh', which is not a version")]
    [DataRow("UPDATE ledger_history SET duration_ms = 'slow'", "has text in duration_ms, where Ledger writes an integer")]
    [DataRow("UPDATE ledger_history SET kind = 'begun'", "has kind 'begun', which is not applied, empty, baselined or started")]
    [DataRow("ALTER TABLE ledger_history DROP COLUMN kind", "no such column: kind")]
    public void AJournalTableRecreatedWithoutConstraintsAndHoldingBadValuesFailsThatDatabaseByNameAndTheOthersProceed(string damage, string expected)
    {
        using TempDirectory dir = AtFirstVersion();
        string bad = User(dir, 3);
        TestDb.Execute(bad, RecreatedWithoutConstraints + damage);
        byte[] bytes = File.ReadAllBytes(bad);

        ProcessResult apply = LedgerProcess.Run(dir.Path, "apply");
        ProcessResult verify = LedgerProcess.Run(dir.Path, "verify");
        ProcessResult status = LedgerProcess.Run(dir.Path, "status");

        foreach (ProcessResult run in new[] { apply, verify, status })
        {
            Assert.DoesNotContain("internal error", run.Error, run.ToString());
            StringAssert.Contains(run.Out, expected, run.ToString());
        }

        Assert.AreEqual(1, apply.ExitCode, apply.ToString());
        StringAssert.Contains(apply.Out, "4 migrated, 0 already current, 1 failed, 0 skipped (of 5 user databases)", apply.ToString());
        StringAssert.Contains(apply.Out, "user u0003: FAILED: cannot read its history table: ", apply.ToString());
        CollectionAssert.AreEqual(bytes, File.ReadAllBytes(bad), "the database with the bad journal is not changed");
        AssertOthersDoneAndFaultyUntouched(dir, 3);

        Assert.AreEqual(1, verify.ExitCode, verify.ToString());
        StringAssert.Contains(verify.Out, "u0003", verify.ToString());
        StringAssert.Contains(verify.Out, "1 of 6 database(s) have problems", verify.ToString());

        Assert.AreEqual(1, status.ExitCode, "a database that cannot be read makes status exit 1, as verify and plan: " + status);
        StringAssert.Contains(status.Out, "user u0003 (data/users/u0003.db): cannot be read: ", status.ToString());
        StringAssert.Contains(status.Out, "6 database(s), 0 with pending steps, 0 with drift, 1 unreadable", status.ToString());
        Interlocked.Increment(ref _faults);
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
