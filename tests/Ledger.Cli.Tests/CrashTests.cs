using System.Diagnostics;
using System.Text;

namespace Ledger.Cli.Tests;

[TestClass]
public sealed class CrashTests
{
    private const int Users = 120;
    private const int Steps = 6;

    /// <summary>Steps that take measurable time and fail if applied twice (ADD COLUMN plus a backfill).</summary>
    private static string SlowLedger()
    {
        var sb = new StringBuilder("# Crash test\n\n```sql\n-- [system:baseline→1.0.0:start]\nCREATE TABLE users (username TEXT PRIMARY KEY);\n");
        sb.Append($"WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < {Users}) INSERT INTO users SELECT printf('u%04d', i) FROM n;\n");
        sb.Append("-- [system:baseline→1.0.0:end]\n```\n\n```sql\n-- [user:baseline→1.0.0:start]\n");
        sb.Append("CREATE TABLE items (id INTEGER PRIMARY KEY, v INTEGER);\n");
        sb.Append("WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 3000) INSERT INTO items (v) SELECT i FROM n;\n");
        sb.Append("-- [user:baseline→1.0.0:end]\n```\n");
        for (int s = 1; s < Steps; s++)
        {
            sb.Append($"\n```sql\n-- [user:1.{s - 1}.0→1.{s}.0:start]\nALTER TABLE items ADD COLUMN c{s} INTEGER;\nUPDATE items SET c{s} = v * {s};\n-- [user:1.{s - 1}.0→1.{s}.0:end]\n```\n");
        }

        return sb.ToString();
    }

    [TestMethod]
    public void KillNineInTheMiddleOfTheFanOutThenASecondRunFinishesEveryDatabase()
    {
        using var dir = new TempDirectory();
        dir.Write("ledger.json", ApplyLedgers.Config);
        dir.Write("MIGRATIONS.md", SlowLedger());
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
