using Ledger.Diagnostics;
using Ledger.Linting;

namespace Ledger.Tests.Linting;

/// <summary>
/// Every rule's codes are checked against what it declares: a rule that declares a code nobody registered fails before
/// any rule runs, and one that reports a code it did not declare fails at once. Suppressions, configured severities
/// and SARIF know a rule only by its declared descriptors, so an undeclared finding would escape them.
/// </summary>
[TestClass]
public sealed class RuleDeclarationTests
{
    private static readonly string Ledger = "# Migrations\n\n" + LedgerText.Section("baseline", "1.0.0", ("system", "CREATE TABLE a (id INTEGER);"));

    [TestMethod]
    public void ARuleThatReportsACodeItDoesNotDeclareFails()
    {
        var rule = new FakeRule([RuleCatalog.DestructiveStatement], RuleCatalog.PlannedStep);

        var ex = Assert.ThrowsExactly<InvalidOperationException>(() => LedgerLoader.Load(Ledger, LedgerText.FileName, LintOptions.CoreOnly with { ExtraRules = [rule] }));

        Assert.Contains("FakeRule reported LDG024, which it does not declare (it declares LDG020)", ex.Message);
    }

    [TestMethod]
    public void ARuleThatReportsWhatItDeclaresLoads()
    {
        var rule = new FakeRule([RuleCatalog.DestructiveStatement], RuleCatalog.DestructiveStatement);

        LoadedLedger ledger = LedgerLoader.Load(Ledger, LedgerText.FileName, LintOptions.CoreOnly with { ExtraRules = [rule] });

        Assert.AreEqual(1, ledger.Diagnostics.Count(d => d.Code == "LDG020"));
    }

    [TestMethod]
    public void ARuleThatDeclaresAnUnregisteredCodeFailsBeforeAnyRuleRuns()
    {
        var unregistered = new DiagnosticDescriptor("LDG999", "Unregistered", Severity.Warning, "Not in any catalog", true);
        var first = new FakeRule([RuleCatalog.DestructiveStatement], null);
        var rule = new FakeRule([unregistered], unregistered);

        var ex = Assert.ThrowsExactly<InvalidOperationException>(() => LedgerLoader.Load(Ledger, LedgerText.FileName, LintOptions.CoreOnly with { ExtraRules = [first, rule] }));

        Assert.Contains("FakeRule declares LDG999, which is not a registered rule", ex.Message);
        Assert.IsFalse(first.Ran, "the check comes before any rule runs");
    }

    [TestMethod]
    public void ARuleThatDeclaresAnotherDescriptorUnderARegisteredCodeFails()
    {
        DiagnosticDescriptor lookalike = RuleCatalog.DestructiveStatement with { DefaultSeverity = Severity.Info };
        var rule = new FakeRule([lookalike], lookalike);

        Assert.ThrowsExactly<InvalidOperationException>(() => LedgerLoader.Load(Ledger, LedgerText.FileName, LintOptions.CoreOnly with { ExtraRules = [rule] }));
    }

    [TestMethod]
    public void AnEnginesRulesAreRegisteredThroughItsDescriptors()
    {
        var own = new DiagnosticDescriptor("LDG990", "EngineOwn", Severity.Warning, "An engine's rule", true);
        var engine = new FakeEngine("fake", "fake_journal", [own], [new FakeRule([own], own)]);

        LoadedLedger ledger = LedgerLoader.Load(Ledger, LedgerText.FileName, new LintOptions { Engines = ["fake"], EngineRules = [engine] });

        Assert.AreEqual("LDG990", ledger.Diagnostics.Single(d => d.Severity == Severity.Warning).Code);
    }

    [TestMethod]
    public void TwoEnginesThatRegisterTheSameCodeFail()
    {
        var a = new FakeEngine("a", "j", [new DiagnosticDescriptor("LDG990", "A", Severity.Warning, "a", true)], []);
        var b = new FakeEngine("b", "j", [new DiagnosticDescriptor("LDG990", "B", Severity.Warning, "b", true)], []);

        Assert.ThrowsExactly<ArgumentException>(() => RuleSet.Of([a, b]));
    }

    /// <summary>Reports <paramref name="reports"/> at the first block's start tag (when not null).</summary>
    internal sealed class FakeRule(IReadOnlyList<DiagnosticDescriptor> declares, DiagnosticDescriptor? reports) : ILintRule
    {
        public bool Ran { get; private set; }

        public IReadOnlyList<DiagnosticDescriptor> Descriptors => declares;

        public void Analyze(LintContext context)
        {
            Ran = true;
            if (reports is not null) context.Report(reports.Create(context.Document.Blocks[0].Start, "reported"));
        }
    }

    internal sealed class FakeEngine(string engine, string journalTable, IReadOnlyList<DiagnosticDescriptor> descriptors, IReadOnlyList<ILintRule> rules)
        : IEngineLintRules
    {
        public string Engine => engine;

        public string JournalTable => journalTable;

        public IReadOnlyList<DiagnosticDescriptor> Descriptors => descriptors;

        public IReadOnlyList<ILintRule> CreateRules() => rules;
    }
}
