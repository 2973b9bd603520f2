using System.Runtime.CompilerServices;
using System.Text.RegularExpressions;
using Ledger.Diagnostics;

namespace Ledger.Tests.Diagnostics;

/// <summary>Every rule has a stable, unique code and a section in docs/lint-rules.md with a bad and a good example.</summary>
[TestClass]
public sealed partial class RuleDocumentationTests
{
    [TestMethod]
    public void CodesAreUniqueAndWellFormed()
    {
        string[] duplicates = RuleCatalog.All.GroupBy(r => r.Code, StringComparer.OrdinalIgnoreCase).Where(g => g.Count() > 1).Select(g => g.Key).ToArray();
        Assert.IsEmpty(duplicates, "codes registered twice: " + string.Join(", ", duplicates));
        Assert.AreEqual(RuleCatalog.All.Count, RuleCatalog.All.Select(r => r.Name).Distinct().Count(), "rule names must be unique (SARIF uses them)");
        foreach (DiagnosticDescriptor rule in RuleCatalog.All)
        {
            Assert.MatchesRegex(@"^LDG\d{3}$", rule.Code);
            Assert.AreSame(rule, RuleCatalog.Find(rule.Code.ToLowerInvariant()));
        }
    }

    [TestMethod]
    public void EveryCodeHasASectionWithABadAndAGoodExample()
    {
        string doc = File.ReadAllText(DocPath()).ReplaceLineEndings("\n");
        MatchCollection headings = Heading().Matches(doc);
        var sections = new Dictionary<string, string>();
        for (int i = 0; i < headings.Count; i++)
        {
            int end = i + 1 < headings.Count ? headings[i + 1].Index : doc.Length;
            string code = headings[i].Groups["code"].Value;
            Assert.IsFalse(sections.ContainsKey(code), $"{code} is documented twice");
            sections[code] = doc[headings[i].Index..end];
        }

        foreach (DiagnosticDescriptor rule in RuleCatalog.All)
        {
            Assert.IsTrue(sections.TryGetValue(rule.Code, out string? section), $"docs/lint-rules.md has no '## {rule.Code}' section");
            Assert.Contains("**Bad**", section, $"{rule.Code} needs a bad example");
            Assert.Contains("**Good**", section, $"{rule.Code} needs a good example");
            Assert.Contains(rule.DefaultSeverity.ToString().ToLowerInvariant(), section, $"{rule.Code} must state its default severity");
        }

        // An engine's rules are documented here too, marked with their engine; its own tests check them.
        string[] unknown = sections.Where(s => RuleCatalog.Find(s.Key) is null && !EngineMark().IsMatch(s.Value)).Select(s => s.Key).ToArray();
        Assert.IsEmpty(unknown, "documented codes that are neither Core's nor marked as an engine's: " + string.Join(", ", unknown));
    }

    private static string DocPath([CallerFilePath] string thisFile = "") =>
        Path.GetFullPath(Path.Combine(Path.GetDirectoryName(thisFile)!, "..", "..", "..", "docs", "lint-rules.md"));

    [GeneratedRegex(@"^## (?<code>LDG\d{3})\b", RegexOptions.Multiline)]
    private static partial Regex Heading();

    [GeneratedRegex(@"· engine: \*\*\w+\*\*")]
    private static partial Regex EngineMark();
}
