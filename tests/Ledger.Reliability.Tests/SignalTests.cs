using System.Diagnostics;

namespace Ledger.Reliability.Tests;

/// <summary>
/// systemd, Kubernetes and Docker stop a process with SIGTERM; a closed terminal sends SIGHUP. Either one, sent to
/// <c>apply</c> in the middle of the fan-out, stops it as Ctrl+C does: no new database is started, running steps finish
/// or roll back, the summary is printed, exit 1; every database is at a version on the line, and the next run finishes.
/// </summary>
[TestClass]
public sealed class SignalTests
{
    [TestMethod]
    [DataRow("TERM")]
    [DataRow("HUP")]
    public void ASignalInTheMiddleOfTheFanOutStopsTheRunWithItsSummaryAndTheNextRunFinishes(string signal)
    {
        var ledger = new SlowLedger(users: 40);
        using var dir = new TempDirectory();
        dir.Write("ledger.json", Config.Users());
        dir.Write("MIGRATIONS.md", ledger.Text());
        string users = dir.Full(Path.Combine("data", "users"));
        string[] args = ["apply", "--parallel", "2"];

        DateTime started = DateTime.UtcNow;
        using Process run = LedgerProcess.Start(dir.Path, args);
        // Observable event: this run has written a user database. Then the signal, as a service manager sends it.
        var clock = Stopwatch.StartNew();
        while (!run.HasExited && !CrashTests.FanOutStarted(users, started))
        {
            Assert.IsLessThan(120, clock.Elapsed.TotalSeconds, "the fan-out never started");
            Thread.Sleep(2);
        }

        Assert.IsFalse(run.HasExited, "the run finished before the signal could be sent");
        using (Process kill = Process.Start("kill", ["-" + signal, run.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            kill.WaitForExit();
            Assert.AreEqual(0, kill.ExitCode, $"kill -{signal} failed");
        }

        ProcessResult stopped = LedgerProcess.Finish(run, args, TimeSpan.FromMinutes(2));

        // Without a handler the runtime dies of the signal: exit 128 + signal number, nothing on stdout.
        Assert.AreEqual(1, stopped.ExitCode, stopped.ToString());
        StringAssert.Contains(stopped.Out, $"target {ledger.Target}:", "the summary is printed");
        StringAssert.Contains(stopped.Out, "interrupted", "the summary says the run was interrupted");
        int steps = 0;
        foreach (string db in Directory.GetFiles(users, "*.db"))
        {
            (int k, string? problem) = DatabaseAudit.Check(db, ledger);
            Assert.IsNull(problem, $"{Path.GetFileName(db)}: {problem}");
            steps += k;
        }

        Assert.IsLessThan(ledger.Users * ledger.UserSteps, steps, "the signal stopped the run before the end");

        ProcessResult next = LedgerProcess.Run(dir.Path, args);
        Assert.AreEqual(0, next.ExitCode, next.ToString());
        string[] files = Directory.GetFiles(users, "*.db");
        Assert.HasCount(ledger.Users, files);
        foreach (string db in files)
        {
            Assert.AreEqual((ledger.UserSteps, (string?)null), DatabaseAudit.Check(db, ledger), Path.GetFileName(db));
        }

        Reliability.Figure($"signal/{signal}", $"SIG{signal} in the fan-out: exit 1 with the summary, {steps} of {ledger.Users * ledger.UserSteps} steps committed and every database consistent; the next run finished");
    }
}
