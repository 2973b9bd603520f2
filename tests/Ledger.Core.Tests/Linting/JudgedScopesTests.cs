using Ledger.Diagnostics;
using Ledger.Linting;
using Ledger.Model;

namespace Ledger.Tests.Linting;

/// <summary>
/// The hand-over of LDG020 (<see cref="IJudgesScopes"/>): an engine's SQL replay that judges data loss itself silences
/// the static rule for its engine's scopes only, and only when it runs.
/// </summary>
[TestClass]
public sealed class JudgedScopesTests
{
    private static readonly string Ledger = "# Migrations\n\n" +
        LedgerText.Section("baseline", "1.0.0", ("system", "CREATE TABLE a (id INTEGER);"), ("user", "CREATE TABLE b (id INTEGER);")) +
        LedgerText.Section("1.0.0", "1.1.0", ("system", "DROP TABLE a;"), ("user", "DROP TABLE b;"));

    private static readonly IReadOnlyDictionary<string, string> SystemIsFake = new Dictionary<string, string> { ["system"] = "fake", ["user"] = "other" };

    private static string StaticFindings(string ledger, LintOptions options) =>
        string.Join(",", LedgerLoader.Load(ledger, LedgerText.FileName, options).Diagnostics
            .Where(d => d.Code == "LDG020" && d.Message.Contains("make sure nothing still needs it")).Select(d => d.Message.Split(' ')[2]));

    [TestMethod]
    public void TheStaticRuleLeavesTheJudgedEnginesScopesToTheJudge()
    {
        var judge = new Judge("fake");

        string found = StaticFindings(Ledger, LintOptions.CoreOnly with { ScopeEngines = SystemIsFake, ExtraRules = [judge] });

        Assert.AreEqual("b", found, "the system scope (engine fake) is the judge's; the user scope (engine other) is not");
        Assert.IsTrue(judge.Ran);
    }

    [TestMethod]
    public void WithoutScopeEnginesTheJudgeTakesEveryScope() =>
        Assert.AreEqual("", StaticFindings(Ledger, LintOptions.CoreOnly with { ExtraRules = [new Judge("fake")] }));

    [TestMethod]
    public void WithoutAJudgeTheStaticRuleRuns() =>
        Assert.AreEqual("a,b", StaticFindings(Ledger, LintOptions.CoreOnly with { ScopeEngines = SystemIsFake, ExtraRules = [new RuleDeclarationTests.FakeRule([RuleCatalog.DestructiveStatement], null)] }));

    [TestMethod]
    public void AStructurallyBrokenLedgerKeepsTheStaticRuleAsTheJudgeDoesNotRun()
    {
        string broken = Ledger + LedgerText.Section("1.1.0", "1.1.0.1", ("system", "CREATE TABLE c (id INTEGER);"));

        string found = StaticFindings(broken, LintOptions.CoreOnly with { ExtraRules = [new Judge("fake")] });

        Assert.AreEqual("a,b", found);
    }

    [TestMethod]
    public void ASuppressionOfTheStaticFindingInAJudgedScopeIsNotUnused()
    {
        // Written for the static rule (or for lint without the SQL check): the judge found nothing to report there.
        string ledger = "# Migrations\n\n" + LedgerText.Section("baseline", "1.0.0", ("system", "CREATE TABLE a (id INTEGER);")) +
            LedgerText.Section("1.0.0", "1.1.0", ("system", "-- ledger:ignore LDG020 a rebuild that copies the rows\nDROP TABLE a;\n-- ledger:ignore LDG020 nothing here\nCREATE TABLE b (id INTEGER);"));

        LoadedLedger loaded = LedgerLoader.Load(ledger, LedgerText.FileName, LintOptions.CoreOnly with { ExtraRules = [new Judge("fake")] });

        Assert.AreEqual("LDG036", LedgerText.Codes(loaded.Diagnostics, Severity.Warning), "only the comment before CREATE TABLE is unused");
        Assert.AreEqual(0, loaded.Suppressed, "nothing shown was hidden");
    }

    [TestMethod]
    public void AJudgeMustDeclareWhatItJudges()
    {
        var judge = new Judge("fake", declares: []);

        var ex = Assert.ThrowsExactly<InvalidOperationException>(() => LedgerLoader.Load(Ledger, LedgerText.FileName, LintOptions.CoreOnly with { ExtraRules = [judge] }));

        Assert.Contains("Judge judges LDG020 in place of the static rule, but does not declare it", ex.Message);
    }

    [TestMethod]
    public void TheStaticFindingsOfABlockTheJudgeDidNotReachAreReported()
    {
        // A replay that stops at an error in 1.0.0 (say) judges neither that block nor those after it.
        string ledger = Ledger + LedgerText.Section("1.1.0", "1.2.0", ("system", "CREATE TABLE c (id INTEGER);\nDROP TABLE c;"));
        var judge = new Judge("fake", reaches: b => b.To.ToString() != "1.2.0");

        string found = StaticFindings(ledger, LintOptions.CoreOnly with { ExtraRules = [judge] });

        Assert.AreEqual("c", found, "1.1.0 was judged (its DROP TABLEs are the judge's), 1.2.0 was not");
    }

    [TestMethod]
    public void ASuppressionOfTheStaticFindingInABlockTheJudgeDidNotReachHidesIt()
    {
        string ledger = "# Migrations\n\n" + LedgerText.Section("baseline", "1.0.0", ("system", "CREATE TABLE a (id INTEGER);")) +
            LedgerText.Section("1.0.0", "1.1.0", ("system", "-- ledger:ignore LDG020 the rows are obsolete\nDROP TABLE a;"));

        LoadedLedger loaded = LedgerLoader.Load(ledger, LedgerText.FileName, LintOptions.CoreOnly with { ExtraRules = [new Judge("fake", reaches: _ => false)] });

        Assert.AreEqual("", LedgerText.Codes(loaded.Diagnostics, Severity.Warning));
        Assert.AreEqual(1, loaded.Suppressed);
    }

    private sealed class Judge(string engine, IReadOnlyList<DiagnosticDescriptor>? declares = null, Func<MigrationBlock, bool>? reaches = null) : IJudgesScopes
    {
        public bool Ran { get; private set; }

        public string Engine => engine;

        public IReadOnlyList<DiagnosticDescriptor> Judges => [RuleCatalog.DestructiveStatement];

        public IReadOnlyList<DiagnosticDescriptor> Descriptors => declares ?? [RuleCatalog.DestructiveStatement];

        /// <summary>Judges every up block of its engine's scopes that <c>reaches</c> allows, as a replay that gets through them does.</summary>
        public void Analyze(LintContext context)
        {
            Ran = true;
            if (context.Set is null) return;
            foreach (MigrationBlock block in context.Document.Blocks.Where(b => !b.IsDown && (context.EngineOf(b.Scope) ?? engine) == engine))
            {
                if (reaches?.Invoke(block) ?? true) context.Judged(block);
            }
        }
    }
}
