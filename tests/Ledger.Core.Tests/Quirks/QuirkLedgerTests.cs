using Ledger.Diagnostics;
using Ledger.Linting;
using Ledger.Model;
using static Ledger.Testing.LedgerText;

namespace Ledger.Tests.Quirks;

/// <summary>
/// Small ledgers of our own (TestData/Quirks) that reproduce each real-world quirk of spec §5, so that the
/// behaviour is pinned down without the tatlock file.
/// </summary>
[TestClass]
public sealed class QuirkLedgerTests
{
    private static (LoadedLedger Ledger, string Text) LoadQuirk(string name)
    {
        string path = Path.Combine(AppContext.BaseDirectory, "TestData", "Quirks", name);
        LoadedLedger ledger = LedgerLoader.LoadFile(path, LintOptions.CoreOnly);
        Assert.IsFalse(ledger.HasErrors, Describe(ledger.Diagnostics));
        return (ledger, File.ReadAllText(path));
    }

    private static string Shapes(MigrationSet set, string scope) =>
        string.Join(",", set.Steps.Select(s => s.For(scope) switch
        {
            { Block: null } => "absent",
            { HasSql: false } => "comments",
            _ => "sql",
        }));

    [TestMethod]
    public void A_template_with_nested_fences_does_not_hide_the_real_blocks()
    {
        (LoadedLedger ledger, string text) = LoadQuirk("broken-fence-nesting.md");
        MigrationSet set = ledger.Set!;

        // The real system block sits inside a fence that CommonMark opens at the template's intended closer.
        Assert.AreEqual("sql", Shapes(set, Scopes.System));
        Assert.AreEqual("sql", Shapes(set, Scopes.User));
        MigrationBlock system = set.Steps[0].Up[Scopes.System];
        StringAssert.StartsWith(system.Body, "CREATE TABLE accounts (");
        Assert.AreEqual(LineOf(text, "[system:baseline→1.0.0:start]"), system.Start.Line);
        Assert.AreEqual("Migration: baseline → 1.0.0", set.Steps[0].Title, "the heading swallowed by the fence still names the step");
        Assert.AreEqual("Accounts", set.Steps[0].Description);

        Diagnostic[] nesting = [.. ledger.Diagnostics.Where(d => d.Code == "LDG019")];
        Assert.HasCount(2, nesting, Describe(ledger.Diagnostics));
        int templateOpen = LineOf(text, "```sql");
        Assert.AreEqual(new SourceLocation(ledger.Document.Path, templateOpen, 1), nesting[0].Location);
        StringAssert.Contains(nesting[0].Message, $"opened at line {templateOpen - 5}, which ends at line {templateOpen + 2}");
        int realOpen = LineOf(text, "```sql", 2);
        Assert.AreEqual(realOpen, nesting[1].Location.Line);
        int swallowerOpen = templateOpen + 3;
        int swallowerClose = LineOf(text, "[system:baseline→1.0.0:end]") + 1;
        StringAssert.Contains(nesting[1].Message, $"opened at line {swallowerOpen}, which ends at line {swallowerClose}");
        StringAssert.Contains(nesting[1].Message, $"that block was opened by a ``` meant to close the code block opened at line {templateOpen - 5} " +
            $"(see the finding at line {templateOpen}); give that block a longer fence (e.g. ````)");
        Assert.IsTrue(nesting.All(d => d.Severity == Severity.Warning));
    }

    [TestMethod]
    public void Placeholder_example_tags_are_documentation_and_make_no_step()
    {
        (LoadedLedger ledger, string text) = LoadQuirk("placeholder-tags.md");

        Assert.AreEqual("user baseline→0.1.0", ledger.Document.Blocks.Single().ToString());
        Assert.HasCount(1, ledger.Set!.Steps);
        Diagnostic[] placeholders = [.. ledger.Diagnostics.Where(d => d.Code == "LDG005")];
        CollectionAssert.AreEqual(
            new[]
            {
                LineOf(text, "[system:from_version→to_version:start]"), LineOf(text, "[system:from_version→to_version:end]"),
                LineOf(text, "[user:X.Y.Z->X.Y.W:start]"), LineOf(text, "[user:X.Y.Z->X.Y.W:end]"),
            },
            placeholders.Select(d => d.Location.Line).ToArray());
        Assert.IsTrue(placeholders.All(d => d.Severity == Severity.Info));
        // The one real block has SQL and no down block: LDG027 (info) is about rollback, not about placeholders.
        Assert.AreEqual("LDG005,LDG005,LDG005,LDG005", Codes(ledger.Diagnostics.Where(d => d.Code != "LDG027")), Describe(ledger.Diagnostics));
    }

    [TestMethod]
    public void User_blocks_without_a_system_block_make_empty_system_steps()
    {
        (LoadedLedger ledger, _) = LoadQuirk("user-only-edges.md");
        MigrationSet set = ledger.Set!;

        CollectionAssert.AreEqual(new[] { "baseline", "2.0.0", "2.1.0", "2.2.0" }, set.VersionLine.Select(v => v.Normalized).ToArray());
        Assert.AreEqual("sql,absent,absent", Shapes(set, Scopes.System));
        Assert.AreEqual("sql,sql,sql", Shapes(set, Scopes.User));
        Assert.AreEqual(JournalKinds.Empty, set.Steps[2].For(Scopes.System).Kind);
        Assert.AreEqual(Checksum.Empty, set.Steps[2].For(Scopes.System).Checksum);
        Assert.AreEqual("2.2.0", set.DefaultTarget.Normalized, "system databases still move to 2.2.0");
        Assert.AreEqual("Pinned notes (users only)", set.Steps[1].Description);
    }

    [TestMethod]
    public void A_trailing_planned_section_is_not_applied_by_default()
    {
        (LoadedLedger ledger, string text) = LoadQuirk("planned-section.md");
        MigrationSet set = ledger.Set!;

        Assert.AreEqual("sql,comments,sql,comments,comments", Shapes(set, Scopes.User));
        CollectionAssert.AreEqual(new[] { false, false, false, true, true }, set.Steps.Select(s => s.IsPlanned).ToArray(),
            "1.0.0→1.1.0 is comment-only but followed by a real step: an empty step, applied");
        Assert.AreEqual("1.2.0", set.DefaultTarget.Normalized);
        Assert.AreEqual("1.4.0", set.Latest.Normalized);
        Assert.AreEqual("Migration: 1.2.0 → 1.3.0 (Planned)", set.Steps[3].Title);
        CollectionAssert.AreEqual(
            new[] { LineOf(text, "[user:1.2.0→1.3.0:start]"), LineOf(text, "[user:1.3.0→1.4.0:start]") },
            ledger.Diagnostics.Where(d => d.Code == "LDG024").Select(d => d.Location.Line).ToArray());
        Assert.IsFalse(ledger.Diagnostics.Any(d => d.Code == "LDG020"), "commented-out DROP COLUMN is not a destructive statement");
    }

    [TestMethod]
    public void A_comment_only_system_block_is_an_empty_system_step()
    {
        (LoadedLedger ledger, _) = LoadQuirk("comment-only-system-block.md");
        MigrationSet set = ledger.Set!;

        Assert.AreEqual("sql,comments", Shapes(set, Scopes.System));
        Assert.AreEqual("sql,sql", Shapes(set, Scopes.User));
        ScopedStep system = set.Steps[1].For(Scopes.System);
        Assert.AreEqual(JournalKinds.Empty, system.Kind);
        Assert.AreNotEqual(Checksum.Empty, system.Checksum, "the comment is part of the body and of its checksum");
        Assert.IsFalse(set.Steps[1].IsPlanned);
        Assert.AreEqual("0.3.1", set.DefaultTarget.Normalized);
        Assert.AreEqual("Migration: 0.3.0 → 0.3.1", set.Steps[1].Title);
        Assert.AreEqual("Attachments", set.Steps[1].Description);
    }
}
