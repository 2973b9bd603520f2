using Ledger.Diagnostics;
using Ledger.Linting;
using Ledger.Postgres.Linting;
using Ledger.Testing;

namespace Ledger.Postgres.Tests.Linting;

/// <summary>Every PostgreSQL rule has a section in docs/lint-rules.md whose bad example it reports and whose good example it does not.</summary>
[TestClass]
public sealed class PostgresRuleDocumentationTests
{
    [TestMethod]
    public void Every_rule_is_documented_with_a_bad_example_it_reports_and_a_good_one_it_does_not()
    {
        string doc = File.ReadAllText(DocPath()).ReplaceLineEndings("\n");
        foreach (DiagnosticDescriptor rule in PostgresRuleCatalog.All)
        {
            int start = doc.IndexOf($"\n## {rule.Code}\n", StringComparison.Ordinal);
            Assert.IsGreaterThanOrEqualTo(0, start, $"docs/lint-rules.md has no '## {rule.Code}' section");
            int end = doc.IndexOf("\n## ", start + 1, StringComparison.Ordinal);
            string section = end < 0 ? doc[start..] : doc[start..end];
            Assert.Contains($"**{rule.Name}** · default severity: **{rule.DefaultSeverity.ToString().ToLowerInvariant()}**", section, rule.Code);
            Assert.Contains("· engine: **postgres**", section, rule.Code);

            Assert.Contains(rule.Code, Codes(Example(section, "**Bad**")), $"{rule.Code}'s bad example");
            Assert.DoesNotContain(rule.Code, Codes(Example(section, "**Good**")), $"{rule.Code}'s good example");
        }
    }

    private static string Example(string section, string label)
    {
        int at = section.IndexOf(label, StringComparison.Ordinal);
        Assert.IsGreaterThanOrEqualTo(0, at, label);
        int open = section.IndexOf("````markdown\n", at, StringComparison.Ordinal) + "````markdown\n".Length;
        int close = section.IndexOf("\n````", open, StringComparison.Ordinal);
        return section[open..close] + "\n";
    }

    private static List<string> Codes(string ledger) =>
        [.. LedgerLoader.Load(ledger, LedgerText.FileName, PostgresLintRulesTests.Options()).Diagnostics.Select(d => d.Code)];

    private static string DocPath([System.Runtime.CompilerServices.CallerFilePath] string thisFile = "") =>
        Path.GetFullPath(Path.Combine(Path.GetDirectoryName(thisFile)!, "..", "..", "..", "docs", "lint-rules.md"));
}
