using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

namespace Ledger.Cli.Tests;

/// <summary>
/// Text output over many databases (issue 21, "Output at scale"): the same reason, the same steps or the same state of
/// many databases is one line with how many and a few names; a list cut short says how much was left out; the Ctrl+C
/// summary counts the databases never started; a rollback says which databases were already below its version. Run with
/// 60 databases: grouping starts at 5 databases that share a line, so small deployments read as before.
/// </summary>
[TestClass]
public sealed class ScaleOutputTests
{
    private const int Users = 60;

    private static string UserName(int i) => $"u{i:D4}";

    /// <summary>
    /// <paramref name="users"/> users (u0001…), a table per user database at 1.0.0, a column at 1.1.0 and another at 1.2.0;
    /// every step has a down block unless <paramref name="downFor12"/> is false.
    /// </summary>
    private static string Ledger(int users, bool downFor12 = true) =>
        "# Scale\n\n### Migration: baseline → 1.0.0\n\n" +
        Ledgers.Reversible("system", "baseline", "1.0.0",
            $"CREATE TABLE users (username TEXT PRIMARY KEY);\nWITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < {users}) INSERT INTO users SELECT printf('u%04d', i) FROM n;",
            "DROP TABLE users;") + "\n" +
        Ledgers.Reversible("user", "baseline", "1.0.0", "CREATE TABLE items (id INTEGER PRIMARY KEY);", "DROP TABLE items;") +
        "\n### Migration: 1.0.0 → 1.1.0\n\n" +
        Ledgers.Reversible("user", "1.0.0", "1.1.0", "ALTER TABLE items ADD COLUMN a INTEGER;", "ALTER TABLE items DROP COLUMN a;") +
        "\n### Migration: 1.1.0 → 1.2.0\n\n" +
        (downFor12
            ? Ledgers.Reversible("user", "1.1.0", "1.2.0", "ALTER TABLE items ADD COLUMN b INTEGER;", "ALTER TABLE items DROP COLUMN b;")
            : LedgerText.FencedBlock("user", "1.1.0", "1.2.0", "ALTER TABLE items ADD COLUMN b INTEGER;"));

    private static TempDirectory Workspace(string ledger)
    {
        var dir = new TempDirectory();
        dir.Write("ledger.json", ApplyLedgers.Config);
        dir.Write("MIGRATIONS.md", ledger);
        return dir;
    }

    private static string UserDb(TempDirectory dir, int i) => Path.Combine(dir.Path, "data", "users", UserName(i) + ".db");

    private static ProcessResult Ok(TempDirectory dir, params string[] args)
    {
        ProcessResult run = LedgerProcess.Run(dir.Path, args);
        Assert.AreEqual(0, run.ExitCode, run.ToString());
        return run;
    }

    private static int Count(string text, string part) => Regex.Matches(text, Regex.Escape(part)).Count;

    [TestMethod]
    public void ARefusedRollbackOfManyDatabasesIsOneLineWithHowManyAndAFewNames()
    {
        using TempDirectory dir = Workspace(Ledger(Users, downFor12: false));
        Ok(dir, "apply");

        ProcessResult back = LedgerProcess.Run(dir.Path, "rollback", "--to", "1.0.0");

        Assert.AreEqual(1, back.ExitCode, back.ToString());
        Assert.Contains("\n  60 user databases: FAILED: refused, not changed: step user 1.1.0→1.2.0 has SQL", back.Out, back.ToString());
        Assert.Contains("\n    e.g. u0001, u0002, u0003 and 57 more\n", back.Out, back.ToString());
        Assert.IsFalse(back.OutLines.Any(l => l.StartsWith("  user ", StringComparison.Ordinal)), "no database is listed one by one:\n" + back.Out);
    }

    [TestMethod]
    public void ARefusedRollbackPrintsNoProgressLinePerDatabaseAndItsNoteCountsTheDatabasesRefused()
    {
        using TempDirectory dir = Workspace(Ledger(Users, downFor12: false));
        Ok(dir, "apply");

        ProcessResult back = LedgerProcess.Run(dir.Path, "rollback", "--to", "1.0.0");

        Assert.AreEqual(1, back.ExitCode, back.ToString());
        // Nothing ran: no progress at all on stderr (it printed one FAILED line per database, 61 lines).
        Assert.AreEqual(0, back.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length, back.ToString());
        Assert.DoesNotContain("FAILED", back.Error);
        string note = back.OutLines.Single(l => l.StartsWith("note: ", StringComparison.Ordinal));
        StringAssert.StartsWith(note, "note: rollback refused before any database was changed: 60 user databases: step user 1.1.0→1.2.0 has SQL (MIGRATIONS.md:");
        StringAssert.EndsWith(note, ") and no down block ([user:1.2.0→1.1.0:start]), so it cannot be rolled back");
        Assert.DoesNotContain("u0001", note);
        Assert.DoesNotContain("more database(s)", note);
    }

    [TestMethod]
    public void WarningsPastTwentySayHowManyWereLeftOutAndTheSameWarningOfManyDatabasesIsOneLine()
    {
        // Each database's first edge gets a checksum of its own: `apply --allow-drift` migrates each with a warning
        // that differs from every other's (60 warnings); then the same checksum everywhere: one warning for all.
        using TempDirectory dir = Workspace(Ledger(Users));
        Ok(dir, "apply", "--target", "1.0.0");
        for (int i = 1; i <= Users; i++)
        {
            TestDb.Execute(UserDb(dir, i), $"UPDATE ledger_history SET checksum = 'edited{i:D4}' WHERE scope = 'user' AND to_version = '1.0.0'");
        }

        ProcessResult apply = Ok(dir, "apply", "--target", "1.1.0", "--allow-drift");

        string[] warnings = apply.OutLines.Where(l => l.StartsWith("warning: ", StringComparison.Ordinal)).ToArray();
        Assert.HasCount(20, warnings, apply.ToString());
        Assert.Contains("\n… and 40 more warnings not shown (use --format json for all)\n", apply.Out, apply.ToString());

        for (int i = 1; i <= Users; i++)
        {
            TestDb.Execute(UserDb(dir, i), "UPDATE ledger_history SET checksum = 'edited' WHERE scope = 'user' AND to_version = '1.0.0'");
        }

        ProcessResult same = Ok(dir, "apply", "--target", "1.2.0", "--allow-drift");
        string[] one = same.OutLines.Where(l => l.StartsWith("warning: ", StringComparison.Ordinal)).ToArray();
        Assert.HasCount(1, one, same.ToString());
        StringAssert.StartsWith(one[0], "warning: 60 user databases: drift allowed: baseline→1.0.0");
        StringAssert.EndsWith(one[0], "(e.g. u0001, u0002, u0003 and 57 more)");
        Assert.DoesNotContain("not shown", same.Out);
    }

    [TestMethod]
    public void PlanPrintsTheStepsOnceForDatabasesThatGetTheSameSteps()
    {
        using TempDirectory dir = Workspace(Ledger(Users));
        Ok(dir, "apply", "--target", "1.0.0");
        File.Delete(UserDb(dir, 7));

        ProcessResult plan = Ok(dir, "plan");

        Assert.Contains("\n59 user databases: 1.0.0 → 1.2.0, 2 step(s)\n  (e.g. u0001, u0002, u0003 and 56 more)\n  1.0.0 → 1.1.0  1 statement(s) from MIGRATIONS.md:",
            plan.Out, plan.ToString());
        Assert.Contains("\nuser u0007 (would be created): baseline → 1.2.0, 3 step(s)\n", plan.Out, plan.ToString());
        // The steps: once for the 59, once for u0007 (which also gets baseline → 1.0.0).
        Assert.AreEqual(2, Count(plan.Out, "  1.1.0 → 1.2.0  1 statement(s)"), plan.Out);
        Assert.AreEqual(0, Count(plan.Out, "user u0001"), plan.Out);
    }

    [TestMethod]
    public void StatusIsATableWithAlignedColumnsAndOneRowForManyDatabasesInTheSameState()
    {
        using TempDirectory dir = Workspace(Ledger(Users));
        Ok(dir, "apply", "--target", "1.1.0");
        TestDb.Execute(UserDb(dir, 5), "UPDATE ledger_history SET checksum = 'edited' WHERE scope = 'user' AND to_version = '1.0.0'");

        ProcessResult status = Ok(dir, "status");

        string[] lines = status.OutLines;
        Assert.AreEqual("DATABASE                 VERSION  PENDING      DRIFT", lines[0], status.ToString());
        Assert.AreEqual("-----------------------  -------  -----------  ---------", lines[1], status.ToString());
        Assert.AreEqual("system (data/system.db)  1.1.0    1 (→ 1.2.0)  no", lines[2], status.ToString());
        Assert.AreEqual("user u0005               1.1.0    1 (→ 1.2.0)  1 edge(s)", lines.Single(l => l.StartsWith("user u0005", StringComparison.Ordinal)));
        Assert.AreEqual("59 user databases        1.1.0    1 (→ 1.2.0)  no", lines.Single(l => l.StartsWith("59 ", StringComparison.Ordinal)));
        Assert.HasCount(5, lines.TakeWhile(l => !l.StartsWith("target ", StringComparison.Ordinal)), status.ToString());
        Assert.Contains("target 1.2.0; 61 database(s), 61 with pending steps, 1 with drift\nrows of 5 or more databases in the same state are shown once;",
            status.Out, status.ToString());

        for (int i = 1; i <= Users; i++)
        {
            TestDb.Execute(UserDb(dir, i), "UPDATE ledger_history SET checksum = 'edited' WHERE scope = 'user' AND to_version = '1.0.0'");
        }

        ProcessResult verify = LedgerProcess.Run(dir.Path, "verify");
        Assert.AreEqual(3, verify.ExitCode, verify.ToString());
        Assert.Contains("60 user databases: drift: baseline→1.0.0", verify.Out, verify.ToString());
        Assert.Contains("\n  e.g. u0001, u0002, u0003 and 57 more\n60 of 61 database(s) have problems\n", verify.Out, verify.ToString());
    }

    [TestMethod]
    public void CtrlCInTheFanOutCountsTheDatabasesNeverStarted()
    {
        const int users = 40;
        using var dir = new TempDirectory();
        dir.Write("ledger.json", ApplyLedgers.Config);
        dir.Write("MIGRATIONS.md", new SlowLedger(users, userSteps: 6).Text());
        string folder = Path.Combine(dir.Path, "data", "users");
        string[] args = ["apply", "--parallel", "1"];

        using Process run = LedgerProcess.Start(dir.Path, args);
        var clock = Stopwatch.StartNew();
        while (!run.HasExited && (!Directory.Exists(folder) || Directory.GetFiles(folder, "*.db").Length < 3))
        {
            Assert.IsLessThan(120, clock.Elapsed.TotalSeconds, "the fan-out never started");
            Thread.Sleep(5);
        }

        Assert.IsFalse(run.HasExited, "the run finished before Ctrl+C could be sent; make the steps slower");
        using (Process kill = Process.Start("kill", ["-INT", run.Id.ToString(CultureInfo.InvariantCulture)]))
        {
            kill.WaitForExit();
            Assert.AreEqual(0, kill.ExitCode, "kill -INT failed");
        }

        ProcessResult stopped = LedgerProcess.Finish(run, args, TimeSpan.FromMinutes(2));

        Assert.AreEqual(1, stopped.ExitCode, stopped.ToString());
        Match counts = Regex.Match(stopped.Out, @"\ninterrupted: (\d+) migrated, (?:(\d+) failed, )?(\d+) rolled back \(stopped mid-step\), (\d+) never started\n");
        Assert.IsTrue(counts.Success, stopped.ToString());
        int migrated = int.Parse(counts.Groups[1].Value, CultureInfo.InvariantCulture);
        int midStep = int.Parse(counts.Groups[3].Value, CultureInfo.InvariantCulture);
        int never = int.Parse(counts.Groups[4].Value, CultureInfo.InvariantCulture);
        Assert.IsGreaterThan(0, never, stopped.ToString());
        // The system database was migrated before the fan-out; every user database is counted once.
        Assert.AreEqual(users + 1, migrated + midStep + never, stopped.ToString());
    }

    [TestMethod]
    public void RollbackSaysWhichDatabasesAreAlreadyBelowItsVersion()
    {
        using TempDirectory dir = Workspace(Ledger(2));
        // u0001 stays at 1.0.0 (out of the users table while the others go to 1.2.0).
        Ok(dir, "apply", "--target", "1.0.0");
        string system = Path.Combine(dir.Path, "data", "system.db");
        TestDb.Execute(system, "DELETE FROM users WHERE username = 'u0001'");
        Ok(dir, "apply");
        TestDb.Execute(system, "INSERT INTO users VALUES ('u0001')");

        ProcessResult plan = Ok(dir, "plan", "--rollback-to", "1.1.0");
        ProcessResult back = Ok(dir, "rollback", "--to", "1.1.0", "--no-backup");

        Assert.Contains("user u0001: at 1.0.0, below 1.1.0: nothing to roll back\n", plan.Out, plan.ToString());
        Assert.Contains("user u0002: 1.2.0 → 1.1.0, 1 step(s) back", plan.Out, plan.ToString());
        Assert.Contains("rollback to 1.1.0: 1 rolled back, 0 already there, 1 below 1.1.0 (nothing to roll back), 0 failed, 0 skipped (of 2 user databases)",
            back.Out, back.ToString());
        Assert.DoesNotContain("already at 1.0.0", back.Out + back.Error);
    }

    [TestMethod]
    public void OnATerminalTheFanOutIsAProgressBarAndStatusADrawnTable()
    {
        // `script` runs the tool with a pseudo-terminal for stdout and stderr (the tests have none), as a user's shell does.
        const string Script = "/usr/bin/script";
        if (!File.Exists(Script)) Assert.Inconclusive($"{Script} (util-linux) is absent: no pseudo-terminal to run the tool on");
        using TempDirectory dir = Workspace(Ledger(Users));

        string apply = OnTerminal(Script, dir, "apply");
        string status = OnTerminal(Script, dir, "status");

        Assert.Contains("\ruser databases ████████████████████████ 100%  60/60 done, 0 failed, ", apply, apply);
        Assert.Contains("\r\u001b[K", apply, "the bar's line is cleared before the summary");
        Assert.Contains("target 1.2.0: 60 migrated, 0 already current, 0 failed, 0 skipped (of 60 user databases); system migrated", apply, apply);
        Assert.Contains("\u001b[1mDATABASE                 VERSION  PENDING  DRIFT\u001b[0m", status, status);
        Assert.Contains("───────────────────────  ───────  ───────  ─────", status, status);
        Assert.Contains("60 user databases        1.2.0    0        no", status, status);
    }

    /// <summary>Runs the built tool under <c>script</c> and returns what the terminal got (stdout and stderr together).</summary>
    private static string OnTerminal(string script, TempDirectory dir, params string[] args)
    {
        static string Quoted(string s) => "'" + s.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
        string tool = LedgerProcess.Executable is string exe ? Quoted(exe)
            : $"{Quoted(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")} exec {Quoted(LedgerProcess.LedgerDll)}";
        var start = new ProcessStartInfo(script)
        {
            WorkingDirectory = dir.Path,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (string a in (string[])["-qec", tool + " " + string.Join(' ', args.Select(Quoted)), "/dev/null"]) start.ArgumentList.Add(a);
        using Process run = Process.Start(start)!;
        run.StandardInput.Close();
        ProcessResult result = LedgerProcess.Finish(run, args, TimeSpan.FromMinutes(2));
        Assert.AreEqual(0, result.ExitCode, result.ToString());
        return result.Out.Replace("\r\n", "\n", StringComparison.Ordinal);
    }
}
