namespace Ledger.Cli.Tests;

/// <summary>The exit codes the README's command reference states for the verbs that report: status and plan report drift and exit 0, verify fails on it with 3.</summary>
[TestClass]
public sealed class ExitCodeTests
{
    [TestMethod]
    public void StatusAndPlanExitZeroOnDriftAndPendingStepsWhileVerifyExitsThreeOnDrift()
    {
        using var dir = new TempDirectory();
        string root = LedgerProcess.RepositoryRoot();
        string ledger = File.ReadAllText(Path.Combine(root, "MIGRATIONS.md"));
        dir.Write("MIGRATIONS.md", ledger);
        dir.Write("ledger.json", File.ReadAllText(Path.Combine(root, "ledger.json")));
        Assert.AreEqual(0, LedgerProcess.Run(dir.Path, "apply", "--target", "1.3.0", "--no-backup").ExitCode);

        ProcessResult pendingStatus = LedgerProcess.Run(dir.Path, "status");
        ProcessResult pendingVerify = LedgerProcess.Run(dir.Path, "verify");
        int create = ledger.IndexOf("CREATE TABLE", StringComparison.Ordinal);
        dir.Write("MIGRATIONS.md", ledger[..create] + "CREATE TABLE IF NOT EXISTS" + ledger[(create + "CREATE TABLE".Length)..]);
        ProcessResult status = LedgerProcess.Run(dir.Path, "status");
        ProcessResult plan = LedgerProcess.Run(dir.Path, "plan");
        ProcessResult verify = LedgerProcess.Run(dir.Path, "verify");

        Assert.AreEqual(0, pendingStatus.ExitCode, "pending steps: " + pendingStatus);
        Assert.AreEqual(0, pendingVerify.ExitCode, "pending steps: " + pendingVerify);
        Assert.AreEqual(0, status.ExitCode, "drift: " + status);
        Assert.AreEqual(0, plan.ExitCode, "drift: " + plan);
        Assert.AreEqual(3, verify.ExitCode, "drift: " + verify);
    }
}
