using System.Runtime.CompilerServices;
using System.Text;
using Ledger.Linting;
using Ledger.Reporting;

namespace Ledger.Sqlite.Tests.Linting;

/// <summary>
/// Golden files: each <c>TestData/Lint/&lt;case&gt;.md</c> is linted and its text-format findings compared with
/// <c>&lt;case&gt;.expected.txt</c>. On a mismatch the actual output is written beside the expected file in the
/// source tree (<c>&lt;case&gt;.actual.txt</c>, git-ignored) so that it can be diffed and, when right, renamed.
/// Linted as <c>ledger lint --no-sql-check</c> lints a ledger of SQLite scopes: Core's rules and the SQLite engine's.
/// </summary>
[TestClass]
public sealed class LintGoldenTests
{
    private static string OutputCases => Path.Combine(AppContext.BaseDirectory, "TestData", "Lint");

    public static IEnumerable<object[]> Cases =>
        Directory.EnumerateFiles(OutputCases, "*.md").Select(f => new object[] { Path.GetFileNameWithoutExtension(f) }).OrderBy(c => (string)c[0]);

    [TestMethod]
    [DynamicData(nameof(Cases))]
    public void FindingsMatchTheGoldenFile(string name)
    {
        string text = File.ReadAllText(Path.Combine(OutputCases, name + ".md"), Encoding.UTF8);
        LoadedLedger ledger = LedgerLoader.Load(text, name + ".md", SqliteLint.Options());
        var writer = new StringWriter { NewLine = "\n" };
        new TextFormatter().Write(writer, ledger.Diagnostics);
        string actual = writer.ToString();

        string sourceDir = SourceCasesDirectory();
        string expectedPath = Path.Combine(sourceDir, name + ".expected.txt");
        string actualPath = Path.Combine(sourceDir, name + ".actual.txt");
        string? expected = File.Exists(expectedPath) ? File.ReadAllText(expectedPath).ReplaceLineEndings("\n") : null;
        if (expected == actual)
        {
            File.Delete(actualPath);
            return;
        }

        File.WriteAllText(actualPath, actual);
        Assert.Fail(expected is null
            ? $"no golden file for '{name}'; review {actualPath} and rename it to {name}.expected.txt"
            : $"findings for '{name}' differ from the golden file; diff {expectedPath} {actualPath}");
    }

    [TestMethod]
    public void EveryCaseHasAGoldenFile()
    {
        string[] missing = Directory.EnumerateFiles(SourceCasesDirectory(), "*.md")
            .Where(md => !File.Exists(Path.ChangeExtension(md, ".expected.txt")))
            .Select(Path.GetFileName).ToArray()!;
        Assert.IsEmpty(missing, "cases without golden files: " + string.Join(", ", missing));
    }

    private static string SourceCasesDirectory([CallerFilePath] string thisFile = "") =>
        Path.GetFullPath(Path.Combine(Path.GetDirectoryName(thisFile)!, "..", "TestData", "Lint"));
}
