using System.Diagnostics;

namespace Ledger.Cli.Tests;

[TestClass]
public sealed class CrashTests
{
    private const int Users = 120;
    private const int Steps = 6;

    [TestMethod]
    public void KillNineInTheMiddleOfTheFanOutThenASecondRunFinishesEveryDatabase()
    {
        using var dir = new TempDirectory();
        dir.Write("ledger.json", ApplyLedgers.Config);
        dir.Write("MIGRATIONS.md", new SlowLedger(Users, Steps).Text());
        string users = Path.Combine(dir.Path, "data", "users");

        using (Process run = LedgerProcess.Start(dir.Path, "apply", "--parallel", "2"))
        {
            run.BeginOutputReadLine();
            run.BeginErrorReadLine();
            // Wait for the fan-out to be under way (a few user databases created), then kill -9.
            var clock = Stopwatch.StartNew();
            while (!run.HasExited && (!Directory.Exists(users) || Directory.GetFiles(users, "*.db").Length < 10))
            {
                Assert.IsLessThan(120, clock.Elapsed.TotalSeconds, "the fan-out never started");
                Thread.Sleep(10);
            }

            Assert.IsFalse(run.HasExited, "the run finished before it could be killed; make the steps slower");
            run.Kill(entireProcessTree: true);
            run.WaitForExit();
        }

        int created = Directory.GetFiles(users, "*.db").Length;
        Assert.IsLessThan(Users, created, "killed in the middle: not every database was started");

        ProcessResult second = LedgerProcess.Run(dir.Path, "apply", "--parallel", "2");

        Assert.AreEqual(0, second.ExitCode, second.ToString());
        string[] expectedJournal = Enumerable.Range(0, Steps).Select(s => s == 0 ? "baseline->1.0.0 applied" : $"1.{s - 1}.0->1.{s}.0 applied").ToArray();
        string[] expectedColumns = new[] { "id", "v" }.Concat(Enumerable.Range(1, Steps - 1).Select(s => $"c{s}")).ToArray();
        foreach (string db in Directory.GetFiles(users, "*.db"))
        {
            CollectionAssert.AreEqual(expectedJournal, TestDb.Journal(db), db);
            CollectionAssert.AreEqual(expectedColumns, TestDb.Columns(db, "items"), db);
            Assert.AreEqual("ok", TestDb.Scalar(db, "PRAGMA quick_check"), db);
        }

        Assert.AreEqual(Users, Directory.GetFiles(users, "*.db").Length);
    }
}
