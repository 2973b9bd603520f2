using Ledger.Authoring;
using Ledger.Diagnostics;
using Ledger.Linting;
using Ledger.Model;
using Ledger.Versions;
using static Ledger.Testing.LedgerText;

namespace Ledger.Tests.Validation;

/// <summary>The scopes a ledger may name are an input (declared in ledger.json), not the fixed system and user.</summary>
[TestClass]
public sealed class DeclaredScopesTests
{
    private static readonly LintOptions Declared = new() { Scopes = ["settings", "system", "cache"] };

    private static readonly string Text =
        Section("baseline", "1.0.0", ("system", "CREATE TABLE a (x);"), ("cache", "CREATE TABLE c (x);"), ("settings", "CREATE TABLE s (x);"));

    [TestMethod]
    public void DeclaredScopesAreValidInTagsAndTheSetKeepsTheirOrder()
    {
        LoadedLedger ledger = LedgerLoader.Load(Text, "MIGRATIONS.md", Declared);

        Assert.IsNotNull(ledger.Set, string.Join("\n", ledger.Diagnostics));
        CollectionAssert.AreEqual(new[] { "settings", "system", "cache" }, ledger.Set.Scopes.ToArray());
        CollectionAssert.AreEqual(new[] { "settings", "system", "cache" }, ledger.Set.ScopesUsed.ToArray(), "in the declared order, not the file's");
    }

    [TestMethod]
    public void WithoutDeclaredScopesOnlySystemAndUserAreKnown()
    {
        LoadedLedger ledger = LedgerLoader.Load(Text, "MIGRATIONS.md");

        Assert.IsNull(ledger.Set);
        Diagnostic unknown = ledger.Diagnostics.First(d => d.Code == RuleCatalog.UnknownScope.Code);
        StringAssert.Contains(unknown.Message, "unknown scope 'cache' (known scopes: system, user)");
    }

    [TestMethod]
    public void ATypoIsReportedAtItsTagWithTheClosestDeclaredScopeAndStillPaired()
    {
        string typo = Text.Replace("[settings:baseline→1.0.0:start]", "[setings:baseline→1.0.0:start]", StringComparison.Ordinal);

        LoadedLedger ledger = LedgerLoader.Load(typo, "MIGRATIONS.md", Declared);

        Diagnostic[] errors = ledger.Diagnostics.Where(d => d.Severity == Severity.Error).ToArray();
        Assert.HasCount(1, errors, "the end tag pairs with the repaired start tag: one error, not an unmatched pair too\n" + string.Join("\n", errors));
        StringAssert.Contains(errors[0].Message, "unknown scope 'setings'; did you mean 'settings'? (known scopes: settings, system, cache)");
        Assert.AreEqual(typo.Split('\n').ToList().FindIndex(l => l.Contains("[setings:", StringComparison.Ordinal)) + 1, errors[0].Location.Line);
    }

    [TestMethod]
    public void NewWritesOneBlockPerDeclaredScopeInOrder()
    {
        MigrationSet set = LedgerLoader.Load(Text, "MIGRATIONS.md", Declared).Set!;

        (string? text, _) = NewStepWriter.Append(Text, set, SemVersion.Parse("1.1.0"), "next");

        int[] at = new[] { "settings", "system", "cache" }.Select(s => text!.IndexOf($"-- [{s}:1.0.0→1.1.0:start]", StringComparison.Ordinal)).ToArray();
        Assert.IsTrue(at[0] > 0 && at[0] < at[1] && at[1] < at[2], text);
        Assert.IsNotNull(LedgerLoader.Load(text!, "MIGRATIONS.md", Declared).Set, "the new section is valid with the declared scopes");
    }
}
