using System.Text.RegularExpressions;

namespace Ledger.Tests.Architecture;

/// <summary>
/// Core holds the migration algorithm and knows no engine: an engine's SQL, checks, file conventions and lint rules
/// live in its own project. This reads Core's sources (comments removed, string literals kept: SQL hides in strings)
/// and fails on any word that belongs to SQLite.
/// </summary>
[TestClass]
public sealed partial class CoreHasNoEngineWordsTests
{
    [TestMethod]
    public void CoreCodeNamesNoSqliteConcept()
    {
        string core = Path.Combine(RepositoryRoot(), "src", "Ledger.Core");
        var found = new List<string>();
        foreach (string file in Directory.EnumerateFiles(core, "*.cs", SearchOption.AllDirectories)
                     .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                                 && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal)))
        {
            string[] lines = WithoutComments(File.ReadAllText(file)).Split('\n');
            for (int i = 0; i < lines.Length; i++)
            {
                foreach (Match m in SqliteWord().Matches(lines[i]))
                {
                    found.Add($"{Path.GetRelativePath(core, file)}:{i + 1}: {m.Value}");
                }
            }
        }

        Assert.AreEqual(0, found.Count, "SQLite words in Core's code:\n" + string.Join("\n", found));
    }

    [TestMethod]
    public void TheScanSeesAWordInCodeButNotInAComment()
    {
        Assert.IsTrue(SqliteWord().IsMatch(WithoutComments("var s = \"PRAGMA quick_check\"; // ok")));
        Assert.IsFalse(SqliteWord().IsMatch(WithoutComments("int x = 1; // PRAGMA quick_check\n/* rowid */ /// <c>sqlite</c>")));
    }

    /// <summary>Blanks out // and /* */ comments (keeping line breaks), leaving string literals as they are.</summary>
    private static string WithoutComments(string source)
    {
        var sb = new System.Text.StringBuilder(source.Length);
        int i = 0;
        while (i < source.Length)
        {
            char c = source[i];
            if (c == '"' || c == '\'')
            {
                // A literal (verbatim and raw strings are rare in Core; a quote inside them ends the copy early at worst).
                int end = i + 1;
                while (end < source.Length && source[end] != c && source[end] != '\n')
                {
                    if (source[end] == '\\') end++;
                    end++;
                }

                end = Math.Min(end + 1, source.Length);
                sb.Append(source, i, end - i);
                i = end;
            }
            else if (c == '/' && i + 1 < source.Length && source[i + 1] == '/')
            {
                while (i < source.Length && source[i] != '\n') i++;
            }
            else if (c == '/' && i + 1 < source.Length && source[i + 1] == '*')
            {
                int end = source.IndexOf("*/", i + 2, StringComparison.Ordinal);
                end = end < 0 ? source.Length : end + 2;
                foreach (char skipped in source.AsSpan(i, end - i)) if (skipped == '\n') sb.Append('\n');
                i = end;
            }
            else
            {
                sb.Append(c);
                i++;
            }
        }

        return sb.ToString();
    }

    private static string RepositoryRoot()
    {
        for (DirectoryInfo? d = new(AppContext.BaseDirectory); d is not null; d = d.Parent)
        {
            if (File.Exists(Path.Combine(d.FullName, "Ledger.sln"))) return d.FullName;
        }

        throw new InvalidOperationException("Ledger.sln not found above " + AppContext.BaseDirectory);
    }

    [GeneratedRegex(@"(?i)\bpragma\b|quick_check|integrity_check|\browid\b|foreign_key_check|sqlite|-wal\b|-shm\b|\bvacuum\b|begin immediate")]
    private static partial Regex SqliteWord();
}
