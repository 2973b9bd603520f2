using Ledger.Diagnostics;
using Ledger.Linting;
using static Ledger.Tests.Linting.RuleDeclarationTests;

namespace Ledger.Tests.Linting;

/// <summary>LDG038 protects the journal table by the name each engine in use gives it, not by a name of Core's.</summary>
[TestClass]
public sealed class JournalTableWriteRuleTests
{
    private static string Text(string sql) => "# Migrations\n\n" + LedgerText.Section("baseline", "1.0.0", ("system", sql));

    private static LoadedLedger Load(string sql, params string[] journals) =>
        LedgerLoader.Load(Text(sql), LedgerText.FileName, new LintOptions
        {
            Engines = journals.Select((_, i) => $"engine{i}").ToArray(),
            EngineRules = journals.Select((j, i) => new FakeEngine($"engine{i}", j, [], [])).ToArray(),
        });

    [TestMethod]
    public void TheEnginesJournalTableIsProtected()
    {
        const string sql = "CREATE TABLE t (id INTEGER);\nDELETE FROM app_journal;";
        LoadedLedger ledger = Load(sql, "app_journal");

        Diagnostic finding = ledger.Diagnostics.Single(d => d.Code == "LDG038");
        Assert.Contains("DELETE FROM app_journal: the history table is Ledger's", finding.Message);
        Assert.AreEqual(LedgerText.LineOf(Text(sql), "DELETE FROM"), finding.Location.Line);
    }

    [TestMethod]
    public void ATableOfAnotherNameIsNotTheJournal()
    {
        LoadedLedger ledger = Load("CREATE TABLE t (id INTEGER);\nDELETE FROM ledger_history;", "app_journal");

        Assert.IsFalse(ledger.Diagnostics.Any(d => d.Code == "LDG038"), LedgerText.Describe(ledger.Diagnostics));
    }

    [TestMethod]
    public void EachEngineInUseHasItsJournalProtected()
    {
        LoadedLedger ledger = Load("INSERT INTO one_journal VALUES (1);\nUPDATE two_journal SET a = 1;\nDROP TABLE ledger_history;", "one_journal", "two_journal");

        Assert.AreEqual(2, ledger.Diagnostics.Count(d => d.Code == "LDG038"), LedgerText.Describe(ledger.Diagnostics));
    }
}
