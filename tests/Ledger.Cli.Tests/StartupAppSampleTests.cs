using System.Diagnostics;

namespace Ledger.Cli.Tests;

/// <summary>
/// samples/startup-app after the top-level README's demo, in a copy of the repository's demo: the sample's README
/// commands, run as written (the app itself, built beside these tests, in place of <c>dotnet run --project</c>), work
/// next to the demo's databases; and the app pointed at the demo's databases, which are ahead of its ledger, stops with
/// a message naming the database, what is ahead and what to do, not an unhandled exception.
/// </summary>
[TestClass]
public sealed class StartupAppSampleTests
{
    private const string RunTheSample = "dotnet run --project samples/startup-app --";

    private static readonly string Root = LedgerProcess.RepositoryRoot();

    /// <summary>A folder where the demo ran: the repository's ledger.json and MIGRATIONS.md, then <c>ledger apply</c>.</summary>
    private static TempDirectory AfterTheDemo()
    {
        var dir = new TempDirectory();
        foreach (string file in new[] { "ledger.json", "MIGRATIONS.md" }) File.Copy(Path.Combine(Root, file), dir.Full(file));
        ProcessResult demo = LedgerProcess.Run(dir.Path, "apply");
        Assert.AreEqual(0, demo.ExitCode, demo.ToString());
        Assert.IsTrue(File.Exists(dir.Full("data/system.db")), "the demo made data/system.db");
        return dir;
    }

    /// <summary>Runs the sample app (built beside the tests) with its arguments, in <paramref name="workingDirectory"/>.</summary>
    private static ProcessResult RunApp(string workingDirectory, IEnumerable<string> args)
    {
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add("exec");
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "StartupApp.dll"));
        foreach (string arg in args) start.ArgumentList.Add(arg);
        using Process process = Process.Start(start)!;
        return LedgerProcess.Finish(process, [.. args], TimeSpan.FromMinutes(2));
    }

    [TestMethod]
    public void TheSamplesReadmeCommandsWorkAfterTheDemosApply()
    {
        using TempDirectory dir = AfterTheDemo();
        List<string> demoJournal = TestDb.Journal(dir.Full("data/system.db"));
        List<string> lines = ShellLine.Block(Path.Combine(Root, "samples", "startup-app", "README.md"), "From the repository root (the data folder is the sample's own, `samples/startup-app/data/`, git-ignored):");

        var outputs = new List<string>();
        foreach (string line in lines)
        {
            Assert.IsTrue(line.StartsWith(RunTheSample + " ", StringComparison.Ordinal), $"README line the test cannot run: {line}");
            ProcessResult run = RunApp(dir.Path, ShellLine.Words(line[RunTheSample.Length..]));
            Assert.AreEqual(0, run.ExitCode, $"{line}\n{run}");
            outputs.Add(run.Out);
        }

        Assert.AreEqual(3, outputs.Count);
        StringAssert.Contains(outputs[0], "alice: first note");
        StringAssert.Contains(outputs[1], "alice: first note\nalice: second note");
        StringAssert.Contains(outputs[2], "bob: hello");
        Assert.IsTrue(File.Exists(dir.Full("samples/startup-app/data/users/bob.db")), "the sample's own data folder");
        CollectionAssert.AreEqual(demoJournal, TestDb.Journal(dir.Full("data/system.db")), "the demo's database is left alone");
    }

    [TestMethod]
    public void AnAppWhoseDatabasesAreAheadOfItsLedgerSaysWhatToDoAndChangesNothing()
    {
        using TempDirectory dir = AfterTheDemo();
        string system = dir.Full("data/system.db");
        byte[] before = File.ReadAllBytes(system);

        ProcessResult run = RunApp(dir.Path, ["data", "alice", "a note"]);

        Assert.AreEqual(1, run.ExitCode, run.ToString());
        StringAssert.Contains(run.Error, $"startup-app: cannot start: ledger: system database ({system}) is ahead of this app's ledger MIGRATIONS.md " +
                                         "(its last version is 1.1.0): it is at 1.5.0, which is not on the ledger's version line");
        StringAssert.Contains(run.Error, "nothing was changed. It was migrated by a newer version of this app or by another ledger: run the version of the app that " +
                                         "matches it, give this app databases of its own, or restore the database from the backup taken before it was migrated");
        Assert.IsFalse(run.Error.Contains("Unhandled exception", StringComparison.Ordinal), run.Error);
        CollectionAssert.AreEqual(before, File.ReadAllBytes(system), "nothing was changed");
        Assert.IsFalse(Directory.Exists(dir.Full("data/backups")), "no backup either");
    }
}
