using System.Runtime.CompilerServices;
using System.Text;
using Ledger.Linting;
using Ledger.Reporting;

namespace Ledger.Sqlite.Tests.Linting;

/// <summary>
/// Golden files: each <c>TestData/&lt;folder&gt;/&lt;case&gt;.md</c> is linted and its text-format findings compared with
/// <c>&lt;case&gt;.expected.txt</c>. On a mismatch the actual output is written beside the expected file in the source
/// tree (<c>&lt;case&gt;.actual.txt</c>, git-ignored) so that it can be diffed and, when right, renamed.
/// </summary>
internal static class GoldenFiles
{
    /// <summary>The cases of <paramref name="folder"/> (as copied beside the test assembly), for <c>DynamicData</c>.</summary>
    public static IEnumerable<object[]> Cases(string folder) =>
        Directory.EnumerateFiles(Path.Combine(AppContext.BaseDirectory, "TestData", folder), "*.md")
            .Select(f => new object[] { Path.GetFileNameWithoutExtension(f) }).OrderBy(c => (string)c[0]);

    /// <summary>Lints case <paramref name="name"/> of <paramref name="folder"/> with <paramref name="options"/> and compares the findings with its golden file.</summary>
    public static void Check(string folder, string name, LintOptions options)
    {
        string text = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "TestData", folder, name + ".md"), Encoding.UTF8);
        LoadedLedger ledger = LedgerLoader.Load(text, name + ".md", options);
        var writer = new StringWriter { NewLine = "\n" };
        new TextFormatter().Write(writer, ledger.Diagnostics);
        string actual = writer.ToString();

        string sourceDir = SourceDirectory(folder);
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

    /// <summary>The cases of <paramref name="folder"/> in the source tree that have no golden file.</summary>
    public static string[] WithoutGoldenFile(string folder) =>
        Directory.EnumerateFiles(SourceDirectory(folder), "*.md")
            .Where(md => !File.Exists(Path.ChangeExtension(md, ".expected.txt")))
            .Select(md => Path.GetFileName(md)).ToArray();

    private static string SourceDirectory(string folder, [CallerFilePath] string thisFile = "") =>
        Path.GetFullPath(Path.Combine(Path.GetDirectoryName(thisFile)!, "..", "TestData", folder));
}
