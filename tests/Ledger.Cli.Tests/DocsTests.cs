using System.Text.RegularExpressions;

namespace Ledger.Cli.Tests;

/// <summary>
/// The repository's documentation is complete in itself, and what it shows works: no reference to a contract kept
/// outside the repository, the architecture map names only paths that exist, the demo ledger passes
/// <c>lint --strict</c>, and the table-rebuild how-to's example ledger lints clean and applies, keeping the child rows
/// its rebuild must not lose.
/// </summary>
[TestClass]
public sealed partial class DocsTests
{
    /// <summary>The repository root: the first folder above the test assembly that holds Ledger.sln.</summary>
    private static readonly string Root = Path.GetDirectoryName(LedgerText.FindUpwards("Ledger.sln")
        ?? throw new InvalidOperationException($"Ledger.sln not found above {AppContext.BaseDirectory}"))!;

    /// <summary>Words that point at a contract outside the repository instead of explaining the choice.</summary>
    private static readonly string[] OutsideReferences = ["§", "LEDGER-SPEC", "../shared"];

    private static bool IsBuildOutput(string path) =>
        path.Split(Path.DirectorySeparatorChar).Any(part => part is "bin" or "obj" or ".tools" or "TestResults");

    private static IEnumerable<string> Docs()
    {
        yield return Path.Combine(Root, "README.md");
        yield return Path.Combine(Root, "MIGRATIONS.md");
        foreach (string folder in new[] { "docs", "samples", "bench" })
        {
            foreach (string file in Directory.GetFiles(Path.Combine(Root, folder), "*.md", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
            {
                if (!IsBuildOutput(Path.GetRelativePath(Root, file))) yield return file;
            }
        }
    }

    [TestMethod]
    public void TheDocsReferToNothingOutsideTheRepository()
    {
        var found = new List<string>();
        foreach (string file in Docs())
        {
            string[] lines = File.ReadAllLines(file);
            for (int i = 0; i < lines.Length; i++)
            {
                foreach (string word in OutsideReferences.Where(w => lines[i].Contains(w, StringComparison.Ordinal)))
                {
                    found.Add($"{Path.GetRelativePath(Root, file)}:{i + 1}: '{word}': {lines[i].Trim()}");
                }
            }
        }

        Assert.IsEmpty(found, "explain the rule in the docs themselves instead:\n" + string.Join("\n", found));
    }

    /// <summary>
    /// What the tool prints comes from src/: its string literals (not its comments), each with where it is
    /// (<c>src/…/File.cs:line</c>). The one scan the message tests share.
    /// </summary>
    private static IEnumerable<(string Where, string Literal)> SourceLiterals()
    {
        foreach (string file in Directory.GetFiles(Path.Combine(Root, "src"), "*.cs", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            if (IsBuildOutput(Path.GetRelativePath(Root, file))) continue;
            string[] lines = File.ReadAllLines(file);
            for (int i = 0; i < lines.Length; i++)
            {
                string code = lines[i].TrimStart();
                if (code.StartsWith("//", StringComparison.Ordinal) || code.StartsWith('*')) continue;
                foreach (Match literal in StringLiteral().Matches(code))
                {
                    yield return ($"{Path.GetRelativePath(Root, file)}:{i + 1}", literal.Value);
                }
            }
        }
    }

    /// <summary>Its string literals must not cite a contract the user does not have.</summary>
    [TestMethod]
    public void TheToolsMessagesReferToNothingOutsideTheRepository()
    {
        var found = new List<string>();
        foreach ((string where, string literal) in SourceLiterals())
        {
            foreach (string word in OutsideReferences.Where(w => literal.Contains(w, StringComparison.Ordinal)))
            {
                found.Add($"{where}: '{word}': {literal}");
            }

            if (TheSpec().IsMatch(literal)) found.Add($"{where}: 'spec': {literal}");
        }

        Assert.IsEmpty(found, "a message, help text or rule text cites a contract the user does not have:\n" + string.Join("\n", found));
    }

    /// <summary>
    /// The XML documentation ships beside the libraries (<c>Ledger.Core.xml</c>, what IntelliSense shows): it is docs too,
    /// and must not cite a contract the user does not have either. Plain <c>//</c> comments are for maintainers.
    /// </summary>
    [TestMethod]
    public void TheXmlDocumentationRefersToNothingOutsideTheRepository()
    {
        var found = new List<string>();
        foreach (string file in Directory.GetFiles(Path.Combine(Root, "src"), "*.cs", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            if (IsBuildOutput(Path.GetRelativePath(Root, file))) continue;
            string[] lines = File.ReadAllLines(file);
            for (int i = 0; i < lines.Length; i++)
            {
                string code = lines[i].TrimStart();
                if (!code.StartsWith("///", StringComparison.Ordinal)) continue;
                foreach (string word in OutsideReferences.Where(w => code.Contains(w, StringComparison.Ordinal)))
                {
                    found.Add($"{Path.GetRelativePath(Root, file)}:{i + 1}: '{word}': {code}");
                }
            }
        }

        Assert.IsEmpty(found, "explain it in the comment, or point at a page of docs/:\n" + string.Join("\n", found));
    }

    /// <summary>
    /// "Journal" in a message would make a SQLite user think of the rollback journal: Ledger's own table is "the history
    /// table" (or ledger_history). SQLite's rollback journal, journal_mode and the -journal file keep their names.
    /// </summary>
    [TestMethod]
    public void TheToolsMessagesSayHistoryTableNotJournal()
    {
        var found = SourceLiterals().Where(l => LedgersJournal().IsMatch(l.Literal)).Select(l => $"{l.Where}: {l.Literal}").ToList();

        Assert.IsEmpty(found, "say 'history table' (or ledger_history) for Ledger's table:\n" + string.Join("\n", found));
    }

    /// <summary>
    /// docs/architecture.md is the map of the code: every repository path it writes (<c>src/…</c>, <c>tests/…</c>,
    /// <c>bench/…</c>, <c>samples/…</c>) and every file its contracts table names (relative to src/Ledger.Core) exists,
    /// so a rename or a move that forgets the map fails here. A path with a placeholder (<c>&lt;Engine&gt;</c>) is a pattern, not a path.
    /// </summary>
    [TestMethod]
    public void EveryPathTheArchitectureMapWritesExists()
    {
        string[] lines = File.ReadAllLines(Path.Combine(Root, "docs", "architecture.md"));
        var missing = new List<string>();
        bool contracts = false;
        for (int i = 0; i < lines.Length; i++)
        {
            if (lines[i].StartsWith("## ", StringComparison.Ordinal)) contracts = lines[i] == "## The contracts an engine implements";
            var paths = RepositoryPath().Matches(lines[i]).Select(m => m.Value.TrimEnd('.')).Where(p => !p.Contains('<', StringComparison.Ordinal)).ToList();
            if (contracts && lines[i].StartsWith("| `I", StringComparison.Ordinal))
            {
                string file = lines[i].Split('|')[2].Trim().Trim('`');
                paths.Add("src/Ledger.Core/" + file);
            }

            missing.AddRange(paths.Where(p => !File.Exists(Path.Combine(Root, p)) && !Directory.Exists(Path.Combine(Root, p))).Select(p => $"docs/architecture.md:{i + 1}: {p}"));
        }

        Assert.IsEmpty(missing, "the map names what is not there:\n" + string.Join("\n", missing));
    }

    [TestMethod]
    public void TheDemoLedgerPassesLintStrict()
    {
        using TempDirectory dir = DemoLedger.Copy();

        ProcessResult result = LedgerProcess.Run(dir.Path, "lint", "--strict");

        Assert.AreEqual(0, result.ExitCode, result.ToString());
        Assert.Contains("0 errors, 0 warnings", result.Error, result.ToString());
        Assert.IsFalse(result.OutLines.Any(l => l.Contains(": warning ", StringComparison.Ordinal) || l.Contains(": error ", StringComparison.Ordinal)), result.ToString());
    }

    /// <summary>
    /// docs/sqlite-table-rebuild.md's example, taken from the page (the fence after its <c>&lt;!-- example: FILE --&gt;</c>
    /// marker): lint --strict finds nothing, apply rebuilds the parent table with rows in it and its children keep
    /// every row (foreign keys off during the step), the index, trigger and view come back, and rollback undoes it.
    /// </summary>
    [TestMethod]
    public void TheTableRebuildHowToLintsStrictAppliesAndRollsBack()
    {
        string page = File.ReadAllText(Path.Combine(Root, "docs", "sqlite-table-rebuild.md"));
        using var dir = new TempDirectory();
        dir.Write("MIGRATIONS.md", Example(page, "MIGRATIONS.md"));
        dir.Write("ledger.json", Example(page, "ledger.json"));
        string db = dir.Full("shop.db");

        ProcessResult lint = LedgerProcess.Run(dir.Path, "lint", "--strict");
        Assert.AreEqual(0, lint.ExitCode, lint.ToString());
        Assert.Contains("0 errors, 0 warnings, 0 infos", lint.Error, lint.ToString());

        ProcessResult first = LedgerProcess.Run(dir.Path, "apply", "--target", "1.0.0");
        Assert.AreEqual(0, first.ExitCode, first.ToString());
        TestDb.Execute(db, "INSERT INTO customers (name, email) VALUES ('Ada', 'ADA@example.org'), ('Bob', NULL);" +
                           "INSERT INTO orders (customer_id, total_cents) VALUES (1, 500), (2, 700), (2, 50);");

        ProcessResult apply = LedgerProcess.Run(dir.Path, "apply");

        Assert.AreEqual(0, apply.ExitCode, apply.ToString());
        CollectionAssert.AreEqual(new[] { "baseline->1.0.0 applied", "1.0.0->1.1.0 applied" }, TestDb.Journal(db));
        Assert.AreEqual("3", TestDb.Scalar(db, "SELECT count(*) FROM orders"), "the DROP TABLE of the rebuild did not cascade into orders");
        CollectionAssert.AreEqual(new[] { "1|Ada|ada@example.org", "2|Bob|" },
            TestDb.Column(db, "SELECT id || '|' || name || '|' || email FROM customers ORDER BY id"), "every row copied, the NULL email filled");
        Assert.AreEqual("1", TestDb.Scalar(db, "SELECT count(*) FROM customers WHERE email = 'ADA@EXAMPLE.ORG'"), "the new column compares without case");
        CollectionAssert.AreEqual(new[] { "index customers_email", "table customers", "trigger customers_email_lower" },
            TestDb.Column(db, "SELECT type || ' ' || name FROM sqlite_master WHERE tbl_name = 'customers' ORDER BY 1"));
        CollectionAssert.AreEqual(new[] { "Ada 500", "Bob 750" }, TestDb.Column(db, "SELECT name || ' ' || total_cents FROM customer_totals ORDER BY id"));
        Assert.AreEqual("customers", TestDb.Scalar(db, "SELECT \"table\" FROM pragma_foreign_key_list('orders')"), "orders still references customers");

        ProcessResult rollback = LedgerProcess.Run(dir.Path, "rollback", "--to", "1.0.0");

        Assert.AreEqual(0, rollback.ExitCode, rollback.ToString());
        Assert.AreEqual("3", TestDb.Scalar(db, "SELECT count(*) FROM orders"));
        Assert.AreEqual("0", TestDb.Scalar(db, "SELECT \"notnull\" FROM pragma_table_info('customers') WHERE name = 'email'"));
    }

    /// <summary>The text of the fence that follows the page's <c>&lt;!-- example: NAME --&gt;</c> line.</summary>
    private static string Example(string page, string name)
    {
        string[] lines = page.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        int marker = Array.IndexOf(lines, $"<!-- example: {name} -->");
        Assert.IsGreaterThanOrEqualTo(0, marker, $"docs/sqlite-table-rebuild.md has no '<!-- example: {name} -->' line");
        string fence = FenceOpener().Match(lines[marker + 1]).Groups["fence"].Value;
        Assert.IsFalse(string.IsNullOrEmpty(fence), $"the line after the {name} marker opens no fence: {lines[marker + 1]}");
        int end = Array.FindIndex(lines, marker + 2, l => l == fence);
        Assert.IsGreaterThan(marker, end, $"the {name} example's fence is never closed");
        return string.Join("\n", lines[(marker + 2)..end]) + "\n";
    }

    [GeneratedRegex("^(?<fence>`{3,})[a-z]*$")]
    private static partial Regex FenceOpener();

    [GeneratedRegex(@"\bspec\b", RegexOptions.IgnoreCase)]
    private static partial Regex TheSpec();

    /// <summary>
    /// "journal" as a word, except "rollback journal", "hot journal" and the "-journal" file (journal_mode is one word), and
    /// except a variable of that name inside an interpolation (<c>{journal}</c>, <c>{journal.Current}</c>).
    /// </summary>
    [GeneratedRegex(@"(?<!rollback |hot |-)\bjournal\b(?!\.\w|\})", RegexOptions.IgnoreCase)]
    private static partial Regex LedgersJournal();

    [GeneratedRegex(@"\b(?:src|tests|bench|samples)/[A-Za-z0-9._/<>-]*")]
    private static partial Regex RepositoryPath();

    [GeneratedRegex("\"(?:[^\"\\\\]|\\\\.)*\"")]
    private static partial Regex StringLiteral();
}
