using Ledger.Diagnostics;
using Ledger.Linting;

namespace Ledger.Tests.Linting.Suppressions;

/// <summary><c>-- ledger:ignore LDGnnn reason</c>: what it covers and what it does not (the golden case <c>suppressions.md</c> shows the messages).</summary>
[TestClass]
public sealed class SuppressionTests
{
    private static string Ledger(string body) =>
        "# Migrations\n\n" +
        LedgerText.Section("baseline", "1.0.0", ("system", "CREATE TABLE a (id INTEGER);\nCREATE TABLE b (id INTEGER);")) +
        LedgerText.Section("1.0.0", "1.0.1", ("system", body));

    [TestMethod]
    [DataRow("-- ledger:ignore LDG020 accepted\nDROP TABLE a;\nDROP TABLE b;", "LDG020", 1, DisplayName = "the next statement only")]
    [DataRow("-- ledger:ignore LDG020 accepted\n\nDROP TABLE\n  a;", "", 1, DisplayName = "over blank lines, the whole statement")]
    [DataRow("-- ledger:ignore LDG020 accepted\n-- ledger:ignore LDG004 accepted too\nDROP TABLE a;", "LDG036", 1, DisplayName = "stacked: each names its code")]
    [DataRow("-- ledger:ignore ldg020: lower case and a colon\nDROP TABLE a;", "", 1, DisplayName = "case and separator")]
    [DataRow("DROP TABLE a;\n-- ledger:ignore LDG020 too late", "LDG020,LDG036", 0, DisplayName = "after the finding it is unused")]
    public void ASuppressionCoversTheNextStatement(string body, string remaining, int suppressed)
    {
        LoadedLedger ledger = LedgerText.Load(Ledger(body));

        // Warnings and errors: the test ledgers have no down blocks, so every step also gets an LDG027 info.
        Assert.AreEqual(remaining, LedgerText.Codes(ledger.Diagnostics, Severity.Warning), LedgerText.Describe(ledger.Diagnostics));
        Assert.AreEqual(suppressed, ledger.Suppressed);
    }

    [TestMethod]
    public void ASuppressionIsAppliedBeforeConfiguredSeverities()
    {
        string text = Ledger("-- ledger:ignore LDG020 accepted\nDROP TABLE a;");
        var options = LintOptions.CoreOnly with { SeverityOverrides = new Dictionary<string, Severity?> { ["LDG020"] = Severity.Error } };

        LoadedLedger ledger = LedgerLoader.Load(text, LedgerText.FileName, options);

        Assert.IsFalse(ledger.HasErrors, LedgerText.Describe(ledger.Diagnostics));
        Assert.IsNotNull(ledger.Set);
    }

    [TestMethod]
    public void AProtectedRuleStaysAnErrorAndTheLedgerCannotBeApplied()
    {
        LoadedLedger ledger = LedgerText.Load(Ledger("-- ledger:ignore LDG016 we know\nBEGIN;"));

        Assert.AreEqual("LDG037,LDG016", LedgerText.Codes(ledger.Diagnostics, Severity.Warning));
        Assert.IsNull(ledger.Set);
        Assert.Contains("cannot be suppressed: it protects the databases", ledger.Diagnostics.First(d => d.Code == "LDG037").Message);
    }

    [TestMethod]
    public void EveryRuleAboutSuppressionsIsConfigurable()
    {
        foreach (DiagnosticDescriptor rule in new[] { RuleCatalog.SuppressionWithoutReason, RuleCatalog.UnusedSuppression, RuleCatalog.InvalidSuppression })
        {
            Assert.IsTrue(rule.Configurable, rule.Code);
            Assert.AreEqual(Severity.Warning, rule.DefaultSeverity, rule.Code);
        }
    }
}
