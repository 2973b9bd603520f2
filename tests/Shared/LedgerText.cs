using System.Text;
using Ledger.Diagnostics;
using Ledger.Linting;

namespace Ledger.Testing;

/// <summary>
/// Builds small ledgers for tests, finds lines in them, and finds files outside the test's output folder. One copy for
/// every test project (linked into each).
/// </summary>
internal static class LedgerText
{
    public const string FileName = "MIGRATIONS.md";

    /// <summary>A migration section: heading, description and one fenced block per scope given.</summary>
    public static string Section(string from, string to, params (string Scope, string Sql)[] blocks)
    {
        var sb = new StringBuilder();
        sb.Append($"### Migration: {from} → {to}\n\n**Description**: step to {to}\n\n");
        foreach ((string scope, string sql) in blocks)
        {
            sb.Append(FencedBlock(scope, from, to, sql)).Append('\n');
        }

        return sb.ToString();
    }

    /// <summary>A tagged block (no fence), ending with a newline.</summary>
    public static string Block(string scope, string from, string to, string sql) =>
        $"-- [{scope}:{from}→{to}:start]\n{sql}\n-- [{scope}:{from}→{to}:end]\n";

    /// <summary>A tagged block in a <c>```sql</c> fence, ending with a newline; the body starts on the line after the start tag.</summary>
    public static string FencedBlock(string scope, string from, string to, string sql) =>
        "```sql\n" + Block(scope, from, to, sql) + "```\n";

    /// <summary>A section for one more step, to append to a ledger: a heading and one fenced block per scope given.</summary>
    public static string Step(string from, string to, string? system = null, string? user = null)
    {
        var sb = new StringBuilder();
        sb.Append($"\n\n### {to}\n");
        if (system is not null) sb.Append('\n').Append(FencedBlock("system", from, to, system));
        if (user is not null) sb.Append('\n').Append(FencedBlock("user", from, to, user));
        return sb.ToString();
    }

    public static LoadedLedger Load(string text) => LedgerLoader.Load(text, FileName, LintOptions.CoreOnly);

    public static string Codes(IEnumerable<Diagnostic> diagnostics, Severity minimum = Severity.Info) =>
        string.Join(",", diagnostics.Where(d => d.Severity >= minimum).Select(d => d.Code));

    public static string Describe(IEnumerable<Diagnostic> diagnostics) => string.Join("\n", diagnostics);

    /// <summary>1-based line of the first line of <paramref name="text"/> that contains <paramref name="needle"/>.</summary>
    public static int LineOf(string text, string needle, int occurrence = 1)
    {
        string[] lines = text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        for (int i = 0; i < lines.Length; i++)
        {
            if (lines[i].Contains(needle, StringComparison.Ordinal) && --occurrence == 0)
            {
                return i + 1;
            }
        }

        throw new ArgumentException($"'{needle}' not found", nameof(needle));
    }

    /// <summary>
    /// Walks up from the test assembly's folder to the first folder holding <paramref name="relative"/>;
    /// null when none does.
    /// </summary>
    public static string? FindUpwards(string relative)
    {
        for (DirectoryInfo? dir = new(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            string candidate = System.IO.Path.Combine(dir.FullName, relative);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }
}
