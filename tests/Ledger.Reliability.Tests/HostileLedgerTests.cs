using System.Diagnostics;

namespace Ledger.Reliability.Tests;

/// <summary>Ledgers written to hurt the machine that lints them (a pull request controls the ledger's SQL).</summary>
[TestClass]
public sealed class HostileLedgerTests
{
    [TestMethod]
    public void LintStopsASqlStatementThatNeverEnds()
    {
        using var dir = new TempDirectory();
        dir.Write("MIGRATIONS.md", """
            # Endless

            ```sql
            -- [user:baseline→1.0.0:start]
            CREATE TABLE t (i INTEGER);
            WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n) INSERT INTO t SELECT i FROM n;
            -- [user:baseline→1.0.0:end]
            ```
            """);
        var clock = Stopwatch.StartNew();

        // A hang guard, not a speed target: before the fix this never returned.
        ProcessResult lint = LedgerProcess.Run(dir.Path, "lint");

        Assert.AreEqual(1, lint.ExitCode, lint.ToString());
        StringAssert.Contains(lint.Out, "MIGRATIONS.md:6:1: error LDG022: the statement did not finish within 10 s");
        Reliability.Figure("hostile-ledger", string.Create(System.Globalization.CultureInfo.InvariantCulture, $"a ledger with a never-ending recursive query: 'ledger lint' stopped it and reported LDG022 (exit 1) after {clock.Elapsed.TotalSeconds:F0} s"));
    }
}
