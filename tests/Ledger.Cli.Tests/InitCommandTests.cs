using System.Diagnostics;

namespace Ledger.Cli.Tests;

/// <summary>
/// <c>ledger init</c>: a commented ledger.json and a MIGRATIONS.md with no steps, after which <c>new</c> and
/// <c>apply</c> work; it never overwrites; it follows <c>--config</c> and <c>--ledger</c>; and the README's "Start your
/// own ledger" section, run line by line as written.
/// </summary>
[TestClass]
public sealed class InitCommandTests
{
    private const string FirstSql = "CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT NOT NULL);";

    /// <summary>Writes SQL into the block <c>ledger new</c> left for the system scope.</summary>
    private static void WriteFirstStep(string ledger)
    {
        string text = File.ReadAllText(ledger);
        const string placeholder = "-- system database changes for 1.0.0 go here";
        StringAssert.Contains(text, placeholder);
        File.WriteAllText(ledger, text.Replace(placeholder, FirstSql));
    }

    [TestMethod]
    public void InitWritesACommentedConfigAndALedgerWithNoStepsThenNewAndApplyWork()
    {
        using var dir = new TempDirectory();

        ProcessResult init = LedgerProcess.Run(dir.Path, "init");
        Assert.AreEqual(0, init.ExitCode, init.ToString());
        StringAssert.Contains(init.Out, "wrote ledger.json (one SQLite database: data/system.db) and MIGRATIONS.md (no steps yet)");
        string config = File.ReadAllText(dir.Full("ledger.json"));
        string ledger = File.ReadAllText(dir.Full("MIGRATIONS.md"));
        StringAssert.Contains(config, "// The databases, in the order 'ledger apply' migrates them.");
        StringAssert.Contains(config, "\"system\": { \"database\": \"data/system.db\" },");
        StringAssert.Contains(ledger, "ledger new --to 1.0.0");
        Assert.IsFalse(ledger.Contains("```", StringComparison.Ordinal), "no steps: no fenced block");

        ProcessResult added = LedgerProcess.Run(dir.Path, "new", "--to", "1.0.0", "--title", "First tables");
        Assert.AreEqual(0, added.ExitCode, added.ToString());
        StringAssert.Contains(added.Out, "added step baseline → 1.0.0");
        string withStep = File.ReadAllText(dir.Full("MIGRATIONS.md"));
        StringAssert.Contains(withStep, "-- [system:baseline→1.0.0:start]");
        Assert.IsFalse(withStep.Contains("[user:", StringComparison.Ordinal), "one block per declared scope: only system");

        ProcessResult planned = LedgerProcess.Run(dir.Path, "apply");
        Assert.AreEqual(0, planned.ExitCode, "the planned step is left alone: " + planned);

        WriteFirstStep(dir.Full("MIGRATIONS.md"));
        ProcessResult lint = LedgerProcess.Run(dir.Path, "lint");
        ProcessResult apply = LedgerProcess.Run(dir.Path, "apply");

        Assert.AreEqual(0, lint.ExitCode, lint.ToString());
        Assert.AreEqual(0, apply.ExitCode, apply.ToString());
        string database = dir.Full("data/system.db");
        CollectionAssert.AreEqual(new[] { "baseline->1.0.0 applied" }, TestDb.Journal(database));
        CollectionAssert.AreEqual(new[] { "id", "body" }, TestDb.Columns(database, "notes"));
    }

    [TestMethod]
    public void ALedgerWithNoStepsNamesNewInItsError()
    {
        using var dir = new TempDirectory();
        Assert.AreEqual(0, LedgerProcess.Run(dir.Path, "init").ExitCode);

        ProcessResult apply = LedgerProcess.Run(dir.Path, "apply");

        Assert.AreEqual(1, apply.ExitCode, apply.ToString());
        StringAssert.Contains(apply.Error, "error LDG021: no migration blocks found");
        StringAssert.Contains(apply.Error, "('ledger new --to 1.0.0' adds the first step)");
        Assert.IsFalse(Directory.Exists(dir.Full("data")), "nothing is created");
    }

    [TestMethod]
    [DataRow("ledger.json")]
    [DataRow("MIGRATIONS.md")]
    public void InitNeverOverwritesAFile(string existing)
    {
        using var dir = new TempDirectory();
        dir.Write(existing, "mine\n");

        ProcessResult init = LedgerProcess.Run(dir.Path, "init");

        Assert.AreEqual(2, init.ExitCode, init.ToString());
        StringAssert.Contains(init.Error, $"ledger: {existing}: already exists; init never overwrites a file");
        Assert.AreEqual("mine\n", File.ReadAllText(dir.Full(existing)));
        CollectionAssert.AreEqual(new[] { "work", Path.Combine("work", existing) }, dir.Entries(), "nothing else is written");
    }

    [TestMethod]
    public void InitWritesWhereConfigAndLedgerSayAndTheConfigFindsTheLedger()
    {
        using var dir = new TempDirectory();

        ProcessResult init = LedgerProcess.Run(dir.Path, "init", "--config", "deploy/ledger.json", "--ledger", "db/MIGRATIONS.md");
        ProcessResult added = LedgerProcess.Run(dir.Path, "new", "--config", "deploy/ledger.json", "--to", "1.0.0");
        WriteFirstStep(dir.Full("db/MIGRATIONS.md"));
        ProcessResult apply = LedgerProcess.Run(dir.Path, "apply", "--config", "deploy/ledger.json");

        Assert.AreEqual(0, init.ExitCode, init.ToString());
        StringAssert.Contains(init.Out, "wrote deploy/ledger.json (one SQLite database: deploy/data/system.db) and db/MIGRATIONS.md (no steps yet)");
        StringAssert.Contains(File.ReadAllText(dir.Full("deploy/ledger.json")), "\"ledger\": \"../db/MIGRATIONS.md\",");
        Assert.AreEqual(0, added.ExitCode, added.ToString());
        Assert.AreEqual(0, apply.ExitCode, apply.ToString());
        CollectionAssert.AreEqual(new[] { "baseline->1.0.0 applied" }, TestDb.Journal(dir.Full("deploy/data/system.db")));
    }

    /// <summary>A ledger path with a quote or a backslash is written into ledger.json as a JSON string that reads back as the path.</summary>
    [TestMethod]
    public void ALedgerPathWithQuotesIsEscapedInLedgerJson()
    {
        using var dir = new TempDirectory();
        const string ledger = "my \"steps\".md";

        ProcessResult init = LedgerProcess.Run(dir.Path, "init", "--ledger", ledger);
        ProcessResult added = LedgerProcess.Run(dir.Path, "new", "--to", "1.0.0");

        Assert.AreEqual(0, init.ExitCode, init.ToString());
        StringAssert.Contains(File.ReadAllText(dir.Full("ledger.json")), "\"ledger\": \"my \\\"steps\\\".md\",");
        Assert.AreEqual(0, added.ExitCode, "ledger.json is valid and names the ledger: " + added);
        StringAssert.Contains(File.ReadAllText(dir.Full(ledger)), "-- [system:baseline→1.0.0:start]");
    }

    /// <summary>A folder init may not write in: which file, and what to do; nothing is left behind.</summary>
    [TestMethod]
    public void InitInAFolderThatCannotBeWrittenSaysWhichFileAndWhatToDo()
    {
        using var dir = new TempDirectory();
        ProcessResult init;
        using (new ReadOnly(dir.Path))
        {
            init = LedgerProcess.Run(dir.Path, "init");
        }

        Assert.AreEqual(2, init.ExitCode, init.ToString());
        Assert.AreEqual(
            $"ledger: cannot write MIGRATIONS.md: this user may not write in {dir.Path}; make that folder writable for the user that runs ledger, " +
            "or run 'ledger init' in another folder (or give --config and --ledger paths in one that is writable)\n",
            init.Error.ReplaceLineEndings("\n"), init.ToString());
        CollectionAssert.AreEqual(new[] { "work" }, dir.Entries(), "nothing is written");
    }

    /// <summary>A folder <c>ledger new</c> may not write in: which file, what to do, and the ledger left as it was.</summary>
    [TestMethod]
    public void NewInAFolderThatCannotBeWrittenSaysWhichFileAndLeavesTheLedgerAsItWas()
    {
        using var dir = new TempDirectory();
        Assert.AreEqual(0, LedgerProcess.Run(dir.Path, "init").ExitCode);
        string before = File.ReadAllText(dir.Full("MIGRATIONS.md"));
        List<string> entries = dir.Entries();
        ProcessResult added;
        using (new ReadOnly(dir.Path))
        {
            added = LedgerProcess.Run(dir.Path, "new", "--to", "1.0.0");
        }

        Assert.AreEqual(2, added.ExitCode, added.ToString());
        Assert.AreEqual(
            $"ledger: cannot write MIGRATIONS.md: this user may not write MIGRATIONS.md or its folder {dir.Path}; make both writable for the user " +
            "that runs ledger (the ledger is unchanged; 'ledger new' writes the new text beside it, then moves it over the old one)\n",
            added.Error.ReplaceLineEndings("\n"), added.ToString());
        Assert.AreEqual(before, File.ReadAllText(dir.Full("MIGRATIONS.md")), "the ledger is unchanged");
        CollectionAssert.AreEqual(entries, dir.Entries(), "nothing is left behind");
    }

    /// <summary>
    /// The README's "Start your own ledger" block, as written: run by bash (aliases on, stopping at the first failing
    /// line) from a folder standing for the clone's root, with only the definition of <c>ledger</c> (the <c>alias</c> to
    /// <c>dotnet run --project …</c>) replaced by the built tool. Every other line (mkdir, cd, the edit, each
    /// <c>ledger …</c>) runs as a reader pasting it would run it; the database ends at 1.0.0 with the step's table.
    /// </summary>
    [TestMethod]
    public void TheReadmesStartYourOwnLedgerSectionWorksAsWritten()
    {
        string[] readme = File.ReadAllLines(Path.Combine(LedgerProcess.RepositoryRoot(), "README.md"));
        int heading = Array.FindIndex(readme, l => l.Trim() == "## Start your own ledger");
        int open = Array.FindIndex(readme, heading, l => l.Trim() == "```sh");
        int close = Array.FindIndex(readme, open + 1, l => l.Trim() == "```");
        Assert.IsTrue(heading >= 0 && open > heading && close > open, "README.md has the section and its sh block");
        string[] block = readme[(open + 1)..close];
        string[] aliases = block.Where(l => l.StartsWith("alias ledger=", StringComparison.Ordinal)).ToArray();
        Assert.HasCount(1, aliases, "the block defines ledger once, with an alias");
        using var dir = new TempDirectory();
        string clone = dir.Full("clone");
        Directory.CreateDirectory(clone);
        string script = dir.Full("start.sh");
        File.WriteAllLines(script, block.Select(l => ReferenceEquals(l, aliases[0]) ? $"alias ledger='{LedgerProcess.ShellCommand}'" : l));

        var start = new ProcessStartInfo("bash") { WorkingDirectory = clone, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (string arg in new[] { "-e", "-O", "expand_aliases", script }) start.ArgumentList.Add(arg);
        using Process bash = Process.Start(start)!;
        ProcessResult result = LedgerProcess.Finish(bash, ["bash", script], TimeSpan.FromMinutes(5));

        Assert.AreEqual(0, result.ExitCode, result.ToString());
        StringAssert.Contains(result.Out, "1.0.0 is planned (its blocks hold no SQL yet): write its SQL, then apply", "the first apply says why nothing moved");
        string database = dir.Full("my-ledger/data/system.db");
        CollectionAssert.AreEqual(new[] { "baseline->1.0.0 applied" }, TestDb.Journal(database));
        CollectionAssert.AreEqual(new[] { "id", "body" }, TestDb.Columns(database, "notes"));
    }
}
