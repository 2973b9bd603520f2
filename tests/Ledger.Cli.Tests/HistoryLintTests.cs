namespace Ledger.Cli.Tests;

/// <summary><c>ledger lint --base REF</c> in real git repositories: the acceptance cases of issue 7 and the usage errors.</summary>
[TestClass]
public sealed class HistoryLintTests
{
    private const string Released = "ALTER TABLE notes ADD COLUMN body TEXT;";

    /// <summary>Two released versions, oldest first.</summary>
    private static readonly string Ledger = Ledgers.Clean + "\n" + Ledgers.Reversible("user", "1.0.0", "1.1.0", Released, "ALTER TABLE notes DROP COLUMN body;");

    private static GitRepository Committed(TempDirectory dir, string text = "")
    {
        GitRepository repo = GitRepository.Init(Path.Combine(dir.Path, "repo"));
        repo.Write("MIGRATIONS.md", text.Length > 0 ? text : Ledger);
        repo.CommitAll("ledger");
        return repo;
    }

    [TestMethod]
    public void AnEditedReleasedBlockFailsAtTheChangedLine()
    {
        using var dir = new TempDirectory();
        GitRepository repo = Committed(dir);
        repo.Write("MIGRATIONS.md", Ledger.Replace(Released, "ALTER TABLE notes ADD COLUMN body BLOB;", StringComparison.Ordinal));
        repo.CommitAll("edit a released block");

        ProcessResult result = LedgerProcess.Run(repo.Path, "lint", "--base", "HEAD~1");

        Assert.AreEqual(1, result.ExitCode, result.ToString());
        int changedLine = Array.IndexOf(repo.Read("MIGRATIONS.md").Split('\n'), "ALTER TABLE notes ADD COLUMN body BLOB;") + 1;
        Assert.HasCount(1, result.OutLines, result.ToString());
        Assert.StartsWith($"MIGRATIONS.md:{changedLine}:1: error LDG030: block user 1.0.0→1.1.0 was edited, but it exists at HEAD~1", result.OutLines[0]);
        Assert.Contains("line 1 of the block: 'ALTER TABLE notes ADD COLUMN body BLOB;' was 'ALTER TABLE notes ADD COLUMN body TEXT;'", result.OutLines[0]);
        Assert.Contains("1 error, 0 warnings, 0 infos in 1 file; history compared with HEAD~1", result.Error);
    }

    [TestMethod]
    public void ACrlfCheckoutIsNotAnEdit()
    {
        using var dir = new TempDirectory();
        GitRepository repo = Committed(dir);
        repo.Write("MIGRATIONS.md", Ledger.ReplaceLineEndings("\r\n"));
        repo.CommitAll("CRLF");

        ProcessResult result = LedgerProcess.Run(repo.Path, "lint", "--base", "HEAD~1");

        Assert.AreEqual(0, result.ExitCode, result.ToString());
        Assert.AreEqual("", result.Out);
    }

    [TestMethod]
    public void AppendingAVersionIsFine()
    {
        using var dir = new TempDirectory();
        GitRepository repo = Committed(dir);
        repo.Write("MIGRATIONS.md", Ledger + "\n" + Ledgers.Reversible("user", "1.1.0", "1.2.0", "CREATE TABLE tags (id INTEGER);", "DROP TABLE tags;"));
        repo.CommitAll("append 1.2.0");

        ProcessResult result = LedgerProcess.Run(repo.Path, "lint", "--base", "HEAD~1");

        Assert.AreEqual(0, result.ExitCode, result.ToString());
        Assert.AreEqual("", result.Out);
    }

    [TestMethod]
    public void AVersionInsertedBelowTheLastFails()
    {
        using var dir = new TempDirectory();
        GitRepository repo = Committed(dir);
        // 1.0.5 between 1.0.0 and 1.1.0: the new version is an error, and so is the released 1.0.0→1.1.0 it replaces.
        string inserted = Ledgers.Clean + "\n" +
            Ledgers.Reversible("user", "1.0.0", "1.0.5", "CREATE TABLE late (id INTEGER);", "DROP TABLE late;") + "\n" +
            Ledgers.Reversible("user", "1.0.5", "1.1.0", Released, "ALTER TABLE notes DROP COLUMN body;");
        repo.Write("MIGRATIONS.md", inserted);
        repo.CommitAll("insert 1.0.5");

        ProcessResult result = LedgerProcess.Run(repo.Path, "lint", "--base", "HEAD~1");

        Assert.AreEqual(1, result.ExitCode, result.ToString());
        int line = Array.IndexOf(inserted.Split('\n'), "-- [user:1.0.0→1.0.5:start]") + 1;
        Assert.IsTrue(result.OutLines.Any(l => l.StartsWith($"MIGRATIONS.md:{line}:1: error LDG032: version 1.0.5 is new but below 1.1.0", StringComparison.Ordinal)), result.ToString());
        Assert.IsTrue(result.OutLines.Any(l => l.Contains("error LDG031: block user 1.0.0→1.1.0", StringComparison.Ordinal)), result.ToString());
    }

    [TestMethod]
    public void QuietPrintsOnlyTheFindingsAndOtherFormatsNoSummary()
    {
        using var dir = new TempDirectory();
        GitRepository repo = Committed(dir);
        repo.Write("MIGRATIONS.md", Ledger.Replace(Released, "ALTER TABLE notes ADD COLUMN body BLOB;", StringComparison.Ordinal)
            + "\n" + LedgerText.FencedBlock("user", "from_version", "to_version", "-- example"));

        ProcessResult quiet = LedgerProcess.Run(repo.Path, "lint", "--base", "HEAD", "--quiet");
        ProcessResult json = LedgerProcess.Run(repo.Path, "lint", "--base", "HEAD", "--format", "json");

        Assert.AreEqual(1, quiet.ExitCode, quiet.ToString());
        Assert.AreEqual("error LDG030", string.Join(";", quiet.OutLines.Select(l => l.Split(": ")[1])), quiet.ToString());
        Assert.AreEqual("", quiet.Error);
        Assert.AreEqual(1, json.ExitCode, json.ToString());
        Assert.Contains("\"code\": \"LDG030\"", json.Out);
        Assert.Contains("\"code\": \"LDG005\"", json.Out);
        Assert.AreEqual("", json.Error);
    }

    [TestMethod]
    public void TheLedgerMayLiveBelowTheRepositoryRoot()
    {
        using var dir = new TempDirectory();
        GitRepository repo = GitRepository.Init(Path.Combine(dir.Path, "repo"));
        Directory.CreateDirectory(Path.Combine(repo.Path, "db"));
        repo.Write("db/MIGRATIONS.md", Ledger);
        repo.CommitAll("ledger in db/");
        repo.Write("db/MIGRATIONS.md", Ledger.Replace(Released, "ALTER TABLE notes ADD COLUMN body BLOB;", StringComparison.Ordinal));

        ProcessResult fromRoot = LedgerProcess.Run(repo.Path, "lint", "--ledger", "db/MIGRATIONS.md", "--base", "HEAD");
        ProcessResult fromBelow = LedgerProcess.Run(Path.Combine(repo.Path, "db"), "lint", "--base", "HEAD");

        Assert.AreEqual(1, fromRoot.ExitCode, fromRoot.ToString());
        Assert.StartsWith("db/MIGRATIONS.md:", fromRoot.OutLines.Single());
        Assert.Contains("LDG030", fromRoot.Out);
        Assert.AreEqual(1, fromBelow.ExitCode, fromBelow.ToString());
        Assert.StartsWith("MIGRATIONS.md:", fromBelow.OutLines.Single());
    }

    [TestMethod]
    [DataRow("no-such-branch", "no such revision", DisplayName = "an unknown revision")]
    [DataRow("-p", "is not a git revision", DisplayName = "an option, not a revision")]
    public void ABadRevisionExitsTwo(string revision, string expected)
    {
        using var dir = new TempDirectory();
        GitRepository repo = Committed(dir);

        ProcessResult result = LedgerProcess.Run(repo.Path, "lint", $"--base={revision}");

        Assert.AreEqual(2, result.ExitCode, result.ToString());
        Assert.Contains(expected, result.Error);
        Assert.DoesNotContain("internal error", result.Error);
    }

    [TestMethod]
    public void ALedgerAbsentAtTheRevisionExitsTwo()
    {
        using var dir = new TempDirectory();
        GitRepository repo = GitRepository.Init(Path.Combine(dir.Path, "repo"));
        repo.Write("README.md", "# app\n");
        repo.CommitAll("before the ledger");
        repo.Write("MIGRATIONS.md", Ledger);

        ProcessResult result = LedgerProcess.Run(repo.Path, "lint", "--base", "HEAD");

        Assert.AreEqual(2, result.ExitCode, result.ToString());
        Assert.Contains("MIGRATIONS.md does not exist at HEAD", result.Error);
    }

    [TestMethod]
    public void ADirectoryOutsideAnyRepositoryExitsTwo()
    {
        using var dir = new TempDirectory();
        // GIT_CEILING_DIRECTORIES would be needed if the temp folder sat inside a repository; it does not on CI runners.
        dir.Write("MIGRATIONS.md", Ledger);

        ProcessResult result = LedgerProcess.Run(dir.Path, "lint", "--base", "HEAD");

        Assert.AreEqual(2, result.ExitCode, result.ToString());
        Assert.Contains("is not inside a git repository", result.Error);
    }

    [TestMethod]
    public void AReasonedSuppressionAcceptsAnEditAndTheSummaryCountsIt()
    {
        using var dir = new TempDirectory();
        GitRepository repo = Committed(dir);
        repo.Write("MIGRATIONS.md", Ledger.Replace(Released,
            "-- ledger:ignore LDG030 failed on every database and was rolled back; nothing recorded it\nALTER TABLE notes ADD COLUMN body BLOB;",
            StringComparison.Ordinal));

        ProcessResult result = LedgerProcess.Run(repo.Path, "lint", "--base", "HEAD");

        Assert.AreEqual(0, result.ExitCode, result.ToString());
        Assert.AreEqual("", result.Out);
        Assert.Contains("0 errors, 0 warnings, 0 infos in 1 file, 1 suppressed; history compared with HEAD", result.Error);
    }
}
