using Ledger.Diagnostics;
using Ledger.Linting;
using Ledger.Model;
using static Ledger.Testing.LedgerText;

namespace Ledger.Tests.Acceptance;

/// <summary>
/// The real-world ledger of spec §5, read where the shared folder sits next to the repository
/// (<c>&lt;repo&gt;/../shared/ledgers/tatlock-MIGRATIONS.md</c>). It is not copied into the repository.
/// </summary>
[TestClass]
public sealed class TatlockAcceptanceTests
{
    private static LoadedLedger LoadTatlock()
    {
        string? path = FindUpwards(Path.Combine("shared", "ledgers", "tatlock-MIGRATIONS.md"));
        if (path is null)
        {
            Assert.Inconclusive($"not run: this test reads a real-world ledger that is not part of the repository, and no shared/ledgers/tatlock-MIGRATIONS.md is in a folder above {AppContext.BaseDirectory}; put it at <repository>/../shared/ledgers/ to run it");
        }

        return LedgerLoader.LoadFile(path, LintOptions.CoreOnly);
    }

    [TestMethod]
    public void Loads_without_errors()
    {
        LoadedLedger ledger = LoadTatlock();

        Assert.IsFalse(ledger.HasErrors, Describe(ledger.Diagnostics));
        Assert.IsNotNull(ledger.Set);
    }

    [TestMethod]
    public void Has_exactly_the_expected_steps()
    {
        MigrationSet set = LoadTatlock().Set!;

        CollectionAssert.AreEqual(
            new[] { "baseline", "0.3.19", "0.3.20", "0.3.21", "0.3.22", "0.3.23" },
            set.VersionLine.Select(v => v.Normalized).ToArray());

        string Shape(MigrationStep s, string scope) => s.For(scope) switch
        {
            { Block: null } => "absent",
            { HasSql: false } => "comment-only",
            _ => "sql",
        };

        CollectionAssert.AreEqual(
            new[] { "sql", "comment-only", "absent", "absent", "absent" },
            set.Steps.Select(s => Shape(s, Scopes.System)).ToArray(), "system");
        CollectionAssert.AreEqual(
            new[] { "sql", "sql", "comment-only", "comment-only", "comment-only" },
            set.Steps.Select(s => Shape(s, Scopes.User)).ToArray(), "user");
        CollectionAssert.AreEqual(new[] { false, false, true, true, true }, set.Steps.Select(s => s.IsPlanned).ToArray());
        Assert.AreEqual("0.3.20", set.DefaultTarget.Normalized);
        Assert.IsTrue(set.Steps.All(s => s.Down.Count == 0));
    }

    [TestMethod]
    public void Real_blocks_hold_their_schema()
    {
        MigrationSet set = LoadTatlock().Set!;

        MigrationBlock system = set.Steps[0].Up[Scopes.System];
        Assert.AreEqual(11, system.Statements.Count(s => s.Keyword(0) == "CREATE" && s.Keyword(1) == "TABLE"),
            "the system baseline creates 11 tables");
        MigrationBlock user = set.Steps[1].Up[Scopes.User];
        Assert.IsTrue(user.Statements.Any(s => s.Text.Contains("conversation_messages", StringComparison.Ordinal)));
        Assert.AreEqual(3, user.Statements.Count(s => s.Keyword(0) == "ALTER"));
        Assert.AreEqual("Migration: 0.3.19 → 0.3.20", set.Steps[1].Title);
        StringAssert.StartsWith(set.Steps[1].Description, "Add conversation_messages table");
    }

    [TestMethod]
    public void Warns_about_the_broken_fence_nesting_and_reports_the_placeholder_examples()
    {
        LoadedLedger ledger = LoadTatlock();

        Diagnostic[] nesting = [.. ledger.Diagnostics.Where(d => d.Code == "LDG019")];
        Assert.IsNotEmpty(nesting);
        Assert.IsTrue(nesting.All(d => d.Severity == Severity.Warning));
        Assert.IsTrue(nesting.All(d => d.Message.Contains("ends at line", StringComparison.Ordinal)), Describe(nesting));

        Diagnostic[] placeholders = [.. ledger.Diagnostics.Where(d => d.Code == "LDG005")];
        Assert.IsNotEmpty(placeholders);
        Assert.IsTrue(placeholders.All(d => d.Severity == Severity.Info));

        Assert.AreEqual(3, ledger.Diagnostics.Count(d => d.Code == "LDG024"), "three planned steps");
    }
}
