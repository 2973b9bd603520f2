using Ledger.Diagnostics;
using Ledger.Linting;
using Ledger.Sqlite.Linting;
using Ledger.Sqlite.Tests.Engine;

namespace Ledger.Sqlite.Tests.Linting;

/// <summary>
/// The SQLite engine's lint rules (LDG017, LDG018, LDG026, LDG039): they run beside Core's for the engines a ledger's
/// scopes use, keep their codes, severities and suppression behaviour, and a loader that was not given them fails.
/// </summary>
[TestClass]
public sealed class SqliteLintRulesTests
{
    private static string Ledger(string body) => Ledgers.Basic + LedgerText.Step("1.2.0", "1.3.0", system: body);

    private static LoadedLedger Load(string text) => LedgerLoader.Load(text, "MIGRATIONS.md", SqliteLint.Options());

    // Warnings and errors only: the test ledgers have no down blocks, so every step also gets an LDG027 info.
    private static string Codes(IEnumerable<Diagnostic> diagnostics, Severity minimum = Severity.Info) =>
        string.Join(",", diagnostics.Where(d => d.Severity >= minimum).Select(d => d.Code));

    private static string Describe(IEnumerable<Diagnostic> diagnostics) => string.Join("\n", diagnostics);

    [TestMethod]
    public void AProtectedRuleStaysAnErrorAndTheLedgerCannotBeApplied()
    {
        LoadedLedger ledger = Load(Ledger("-- ledger:ignore LDG017 we know\nVACUUM;"));

        Assert.AreEqual("LDG037,LDG017", Codes(ledger.Diagnostics, Severity.Warning));
        Assert.IsNull(ledger.Set);
        Assert.Contains("cannot be suppressed: it protects the databases", ledger.Diagnostics.First(d => d.Code == "LDG037").Message);
    }

    [TestMethod]
    public void AnAttachAcceptedWithAReasonLoads()
    {
        LoadedLedger ledger = Load(Ledger(
            "-- ledger:ignore LDG039 reads the settings the old file kept, once\nATTACH DATABASE 'legacy.db' AS legacy;\n" +
            "-- ledger:ignore ldg039: closes what the line above opened\ndetach legacy;"));

        Assert.AreEqual("", Codes(ledger.Diagnostics, Severity.Warning), Describe(ledger.Diagnostics));
        Assert.AreEqual(2, ledger.Suppressed);
        Assert.IsNotNull(ledger.Set, "apply runs it");
    }

    [TestMethod]
    public void AnAttachSuppressedWithoutAReasonStaysAnErrorAndTheLedgerCannotBeApplied()
    {
        LoadedLedger ledger = Load(Ledger("-- ledger:ignore LDG039\nATTACH 'legacy.db' AS legacy;"));

        Assert.AreEqual("LDG035,LDG039", Codes(ledger.Diagnostics, Severity.Warning), Describe(ledger.Diagnostics));
        Assert.AreEqual(Severity.Error, ledger.Diagnostics.Single(d => d.Code == "LDG039").Severity);
        Assert.AreEqual(0, ledger.Suppressed);
        Assert.IsNull(ledger.Set);
        Assert.Contains("accepted only with one", ledger.Diagnostics.Single(d => d.Code == "LDG035").Message);
    }

    [TestMethod]
    [DataRow("VACUUM;", "LDG017")]
    [DataRow("PRAGMA journal_mode = WAL;", "LDG018")]
    [DataRow("PRAGMA foreign_keys = ON;", "LDG026")]
    [DataRow("ATTACH 'other.db' AS other;", "LDG039")]
    [DataRow("PRAGMA recursive_triggers = ON;", "LDG052")]
    public void TheEnginesRulesRunOnlyForTheEnginesInUse(string statement, string code)
    {
        string ledger = Ledger(statement);

        LoadedLedger inUse = Load(ledger);
        LoadedLedger notInUse = LedgerLoader.Load(ledger, "MIGRATIONS.md", SqliteLint.Options() with { Engines = [] });

        Assert.AreEqual(code, Codes(inUse.Diagnostics, Severity.Warning), Describe(inUse.Diagnostics));
        Assert.AreEqual("", Codes(notInUse.Diagnostics, Severity.Warning), Describe(notInUse.Diagnostics));
    }

    [TestMethod]
    [DataRow("PRAGMA main.ignore_check_constraints = 1;", "LDG052")]
    [DataRow("PRAGMA case_sensitive_like = true;\nUPDATE users SET name = name;", "LDG052")]
    [DataRow("PRAGMA locking_mode = EXCLUSIVE;", "LDG052")]
    [DataRow("PRAGMA writable_schema = ON;\nPRAGMA writable_schema = OFF;\nPRAGMA writable_schema = ON;", "LDG052")]
    [DataRow("PRAGMA recursive_triggers = ON;\nUPDATE users SET name = name;\nPRAGMA recursive_triggers = false;", "")]
    [DataRow("PRAGMA main.legacy_alter_table = 0;", "")]
    [DataRow("PRAGMA locking_mode = normal;", "")]
    [DataRow("PRAGMA trusted_schema = ON;", "")]
    [DataRow("PRAGMA defer_foreign_keys = ON;", "")]
    [DataRow("PRAGMA cache_size = -20000;", "")]
    [DataRow("PRAGMA recursive_triggers;", "")]
    public void APragmaLeftSetForLaterStepsIsAWarning(string body, string expected)
    {
        LoadedLedger ledger = Load(Ledger(body));

        Assert.AreEqual(expected, Codes(ledger.Diagnostics, Severity.Warning), Describe(ledger.Diagnostics));
    }

    [TestMethod]
    public void ALoaderNotGivenTheRulesOfAnEngineInUseFailsInsteadOfSkippingThem()
    {
        var ex = Assert.ThrowsExactly<InvalidOperationException>(() =>
            LedgerLoader.Load(Ledger("VACUUM;"), "MIGRATIONS.md", new LintOptions { Engines = ["sqlite"] }));

        Assert.Contains("no lint rules registered for engine 'sqlite'", ex.Message);
    }

    [TestMethod]
    public void TheEngineIsTheSqliteEnginesAndItsCodesAreNotCores()
    {
        Assert.AreEqual(new Ledger.Sqlite.Engine.SqliteEngine().Name, SqliteLintRules.Instance.Engine);
        Assert.AreEqual("ledger_history", SqliteLintRules.Instance.JournalTable);
        string[] codes = SqliteRuleCatalog.All.Select(d => d.Code).ToArray();
        CollectionAssert.AreEqual(new[] { "LDG017", "LDG018", "LDG026", "LDG039", "LDG052" }, codes);
        Assert.IsFalse(RuleCatalog.All.Any(d => codes.Contains(d.Code)), "an engine's rule is registered once, by its engine");
        CollectionAssert.AreEquivalent(codes, SqliteLintRules.Instance.CreateRules().SelectMany(r => r.Descriptors).Select(d => d.Code).ToArray());
    }

    [TestMethod]
    public void EachRuleIsDocumentedAsTheSqliteEnginesWithABadAndAGoodExample()
    {
        string doc = File.ReadAllText(DocPath()).ReplaceLineEndings("\n");
        foreach (DiagnosticDescriptor rule in SqliteRuleCatalog.All)
        {
            int start = doc.IndexOf($"\n## {rule.Code}\n", StringComparison.Ordinal);
            Assert.IsGreaterThanOrEqualTo(0, start, $"docs/lint-rules.md has no '## {rule.Code}' section");
            int end = doc.IndexOf("\n## ", start + 1, StringComparison.Ordinal);
            string section = end < 0 ? doc[start..] : doc[start..end];
            Assert.Contains($"**{rule.Name}** · default severity: **{rule.DefaultSeverity.ToString().ToLowerInvariant()}**", section, rule.Code);
            Assert.Contains("· engine: **sqlite**", section, rule.Code);
            Assert.Contains("**Bad**", section, rule.Code);
            Assert.Contains("**Good**", section, rule.Code);
        }
    }

    private static string DocPath([System.Runtime.CompilerServices.CallerFilePath] string thisFile = "") =>
        Path.GetFullPath(Path.Combine(Path.GetDirectoryName(thisFile)!, "..", "..", "..", "docs", "lint-rules.md"));
}
