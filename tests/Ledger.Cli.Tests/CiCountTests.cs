using System.Diagnostics;

namespace Ledger.Cli.Tests;

/// <summary>
/// <c>.ci/run</c>'s counting (<c>.ci/count-trx.sh</c>, which it sources) on sample TRX files: the line before the last
/// counts the tests that did not run, and the last line stays exactly <c>N passed, N failed</c> for CI's harness.
/// </summary>
[TestClass]
[OSCondition(OperatingSystems.Linux | OperatingSystems.OSX)]
public sealed class CiCountTests
{
    private static readonly string Root = Path.GetDirectoryName(LedgerText.FindUpwards("Ledger.sln")
        ?? throw new InvalidOperationException($"Ledger.sln not found above {AppContext.BaseDirectory}"))!;

    /// <summary>A TRX file as MSTest writes it, reduced to what the counting reads.</summary>
    private static string Trx(int total, int executed, int passed, int failed) =>
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<TestRun xmlns=\"http://microsoft.com/schemas/VisualStudio/TeamTest/2010\">\n" +
        "  <ResultSummary outcome=\"Completed\">\n" +
        $"    <Counters total=\"{total}\" executed=\"{executed}\" passed=\"{passed}\" failed=\"{failed}\" error=\"0\" timeout=\"0\" " +
        "aborted=\"0\" inconclusive=\"0\" passedButRunAborted=\"0\" notRunnable=\"0\" notExecuted=\"0\" disconnected=\"0\" warning=\"0\" " +
        "completed=\"0\" inProgress=\"0\" pending=\"0\" />\n  </ResultSummary>\n</TestRun>\n";

    /// <summary>Sources the counting file from the repository root, as .ci/run does, and runs <paramref name="script"/>.</summary>
    private static string[] Count(string script)
    {
        var start = new ProcessStartInfo("bash") { WorkingDirectory = Root, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add("set -u; source .ci/count-trx.sh; " + script);
        using Process process = Process.Start(start)!;
        string output = process.StandardOutput.ReadToEnd();
        string error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        Assert.AreEqual(0, process.ExitCode, output + error);
        Assert.AreEqual("", error);
        return output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
    }

    [TestMethod]
    public void TheLineBeforeTheLastCountsTheTestsThatDidNotRunAndTheLastLineStaysPassedAndFailed()
    {
        using var dir = new TempDirectory();
        dir.Write("first/a.trx", Trx(total: 10, executed: 8, passed: 7, failed: 1)); // 2 Inconclusive
        dir.Write("first/b.trx", Trx(total: 5, executed: 5, passed: 5, failed: 0));
        dir.Write("native/c.trx", Trx(total: 4, executed: 3, passed: 3, failed: 0)); // 1 Inconclusive

        string[] lines = Count($"count_trx '{dir.Full("first")}' 1; count_trx '{dir.Full("native")}' 0; print_totals");

        CollectionAssert.AreEqual(new[] { "15 passed, 1 failed, 3 skipped", "15 passed, 1 failed" }, lines);
    }

    [TestMethod]
    public void ARunThatWroteNoResultsOrExitedNonZeroWithoutAFailedTestCountsAsOneFailure()
    {
        using var dir = new TempDirectory();
        Directory.CreateDirectory(dir.Full("empty"));
        dir.Write("crashed/a.trx", Trx(total: 3, executed: 3, passed: 3, failed: 0));

        string[] lines = Count($"count_trx '{dir.Full("empty")}' 0; count_trx '{dir.Full("crashed")}' 134; print_totals");

        CollectionAssert.AreEqual(new[]
        {
            $"no test results were written in {dir.Full("empty")}",
            "a test run exited 134 without a failed test: the build or the test host failed",
            "3 passed, 2 failed, 0 skipped",
            "3 passed, 2 failed",
        }, lines);
    }

    [TestMethod]
    public void CiRunSourcesTheCountingAndEndsWithTheTwoLines()
    {
        string run = File.ReadAllText(Path.Combine(Root, ".ci", "run"));

        Assert.Contains("source .ci/count-trx.sh", run);
        Assert.IsTrue(run.TrimEnd().EndsWith("print_totals\n[ \"$failed\" -eq 0 ]", StringComparison.Ordinal), "print_totals is the last output of .ci/run");
    }
}
