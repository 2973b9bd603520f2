using Ledger.Diagnostics;
using Ledger.Linting;
using Ledger.Model;
using Ledger.Versions;
using static Ledger.Testing.LedgerText;

namespace Ledger.Tests.Validation;

[TestClass]
public sealed class LedgerValidatorTests
{
    private const string Create = "CREATE TABLE t1 (id INTEGER PRIMARY KEY);";
    private const string Alter = "ALTER TABLE t1 ADD COLUMN c TEXT;";
    private const string Comment = "-- nothing to do yet";

    private static string Fenced(params string[] blocks) => "```sql\n" + string.Concat(blocks) + "```\n";

    [TestMethod]
    public void A_scope_without_a_block_has_an_empty_step()
    {
        string text = Section("baseline", "1.0.0", ("system", Create), ("user", Create)) +
            Section("1.0.0", "1.1.0", ("user", Alter)) +
            Section("1.1.0", "1.2.0", ("system", Alter));

        MigrationSet set = Load(text).Set!;

        ScopedStep systemAt11 = set.Steps[1].For(Scopes.System);
        Assert.IsNull(systemAt11.Block);
        Assert.AreEqual(Checksum.Empty, systemAt11.Checksum);
        Assert.AreEqual(JournalKinds.Empty, systemAt11.Kind);
        Assert.IsFalse(systemAt11.HasSql);
        Assert.IsTrue(systemAt11.CanRollBack);
        Assert.AreEqual(JournalKinds.Applied, set.Steps[1].For(Scopes.User).Kind);
        Assert.IsNull(set.Steps[2].For(Scopes.User).Block);
        Assert.IsFalse(set.Steps.Any(s => s.IsPlanned));
        Assert.AreEqual("1.2.0", set.DefaultTarget.Normalized);
        CollectionAssert.AreEqual(new[] { "system", "user" }, set.ScopesUsed.ToArray());
    }

    [TestMethod]
    public void A_comment_only_block_is_an_empty_step_with_its_own_checksum()
    {
        string text = Section("baseline", "1.0.0", ("system", Create), ("user", Create)) +
            Section("1.0.0", "1.1.0", ("system", Comment), ("user", Alter));

        MigrationStep step = Load(text).Set!.Steps[1];

        ScopedStep system = step.For(Scopes.System);
        Assert.IsNotNull(system.Block);
        Assert.IsFalse(system.HasSql);
        Assert.AreEqual(JournalKinds.Empty, system.Kind);
        Assert.AreEqual(Checksum.Of(Comment), system.Checksum);
        Assert.IsTrue(step.HasSql, "the user block has SQL");
        Assert.IsFalse(step.IsPlanned);
    }

    [TestMethod]
    public void Trailing_comment_only_steps_are_planned_and_not_the_default_target()
    {
        string text = Section("baseline", "1.0.0", ("user", Create)) +
            Section("1.0.0", "1.1.0", ("user", Comment)) +          // followed by a real step: just empty
            Section("1.1.0", "1.2.0", ("user", Alter)) +
            Section("1.2.0", "1.3.0", ("user", Comment), ("system", "-- later")) +
            Section("1.3.0", "1.4.0", ("user", "\n-- DROP TABLE t1;\n"));

        LoadedLedger ledger = Load(text);
        MigrationSet set = ledger.Set!;

        CollectionAssert.AreEqual(new[] { false, false, false, true, true }, set.Steps.Select(s => s.IsPlanned).ToArray());
        Assert.AreEqual("1.2.0", set.DefaultTarget.Normalized);
        Assert.AreEqual("1.4.0", set.Latest.Normalized);
        Diagnostic[] planned = [.. ledger.Diagnostics.Where(d => d.Code == "LDG024")];
        Assert.HasCount(2, planned);
        Assert.IsTrue(planned.All(d => d.Severity == Severity.Info));
        Assert.AreEqual(LineOf(text, "[user:1.2.0→1.3.0:start]"), planned[0].Location.Line);
        Assert.AreEqual(LineOf(text, "[user:1.3.0→1.4.0:start]"), planned[1].Location.Line);
    }

    [TestMethod]
    public void A_ledger_of_only_comment_blocks_targets_baseline()
    {
        MigrationSet set = Load(Section("baseline", "1.0.0", ("user", Comment))).Set!;
        Assert.IsTrue(set.Steps.Single().IsPlanned);
        Assert.IsTrue(set.DefaultTarget.IsBaseline);
    }

    [TestMethod]
    public void StepsBetween_and_IndexOf_follow_the_line()
    {
        string text = Section("baseline", "1.0.0", ("user", Create)) + Section("1.0.0", "1.1.0", ("user", Alter)) +
            Section("1.1.0", "2.0.0", ("user", "SELECT 2;"));
        MigrationSet set = Load(text).Set!;

        Assert.AreEqual(2, set.IndexOf(SemVersion.Parse("1.1.0")));
        Assert.AreEqual(-1, set.IndexOf(SemVersion.Parse("1.0.5")));
        Assert.IsTrue(set.Contains(SemVersion.Baseline));
        CollectionAssert.AreEqual(new[] { "1.0.0→1.1.0", "1.1.0→2.0.0" },
            set.StepsBetween(SemVersion.Parse("1.0.0"), SemVersion.Parse("2.0.0")).Select(s => s.ToString()).ToArray());
    }

    [TestMethod]
    public void A_gap_is_reported_at_the_block_after_it()
    {
        string text = Fenced(Block("user", "baseline", "1.0.0", Create), Block("user", "1.1.0", "1.2.0", Alter));

        Diagnostic d = AssertSingleError(text, "LDG012");

        Assert.AreEqual(LineOf(text, "[user:1.1.0→1.2.0:start]"), d.Location.Line);
        StringAssert.Contains(d.Message, "from 1.0.0 to 1.1.0");
    }

    [TestMethod]
    public void An_edge_that_skips_a_version_is_reported_at_that_edge()
    {
        string text = Fenced(
            Block("user", "baseline", "1.0.0", Create), Block("user", "1.0.0", "1.1.0", Alter), Block("user", "1.1.0", "1.2.0", "SELECT 1;"),
            Block("system", "baseline", "1.0.0", Create), Block("system", "1.0.0", "1.2.0", Alter));

        Diagnostic d = AssertSingleError(text, "LDG013");

        Assert.AreEqual(LineOf(text, "[system:1.0.0→1.2.0:start]"), d.Location.Line);
        StringAssert.Contains(d.Message, "skips 1.1.0");
    }

    [TestMethod]
    public void A_zero_length_edge_is_reported()
    {
        string text = Fenced(Block("user", "baseline", "1.0.0", Create), Block("user", "1.0.0", "1.0.0+build.2", Alter));

        Diagnostic d = AssertSingleError(text, "LDG015");

        Assert.AreEqual(LineOf(text, "[user:1.0.0→1.0.0+build.2:start]"), d.Location.Line);
    }

    [TestMethod]
    public void A_duplicate_edge_is_reported_at_the_second_block_naming_the_first()
    {
        string text = Fenced(Block("user", "baseline", "1.0.0", Create), Block("system", "baseline", "1.0.0", Create)) +
            "\n" + Fenced(Block("user", "baseline", "1.0.0", Alter));

        Diagnostic d = AssertSingleError(text, "LDG011");

        Assert.AreEqual(LineOf(text, "[user:baseline→1.0.0:start]", 2), d.Location.Line);
        StringAssert.Contains(d.Message, $"already defined at line {LineOf(text, "[user:baseline→1.0.0:start]")}");
    }

    [TestMethod]
    public void Versions_differing_only_in_build_metadata_are_one_version_with_a_warning()
    {
        string text = Fenced(Block("user", "baseline", "1.0.0+a", Create), Block("user", "1.0.0+b", "1.1.0", Alter));

        LoadedLedger ledger = Load(text);

        Assert.IsFalse(ledger.HasErrors, Describe(ledger.Diagnostics));
        Assert.AreEqual("LDG025", Codes(ledger.Diagnostics, Severity.Warning));
        Assert.HasCount(2, ledger.Set!.Steps);
    }

    [TestMethod]
    [DataRow("user", "1.1.0", "1.0.0")]       // only the system scope has 1.0.0→1.1.0
    [DataRow("system", "1.1.0", "baseline")]  // not neighbours
    [DataRow("system", "2.0.0", "1.1.0")]     // 2.0.0 is not on the line
    public void A_backwards_edge_without_its_forward_edge_is_an_orphan(string scope, string from, string to)
    {
        string text = Fenced(
            Block("system", "baseline", "1.0.0", Create), Block("user", "baseline", "1.0.0", Create),
            Block("system", "1.0.0", "1.1.0", Alter), Block(scope, from, to, "SELECT 1;"));

        Diagnostic d = AssertSingleError(text, "LDG014");

        Assert.AreEqual(LineOf(text, $"[{scope}:{from}→{to}:start]"), d.Location.Line);
    }

    [TestMethod]
    public void A_down_block_is_attached_to_its_forward_edge()
    {
        string text = Section("0.3.19", "0.3.20", ("user", "ALTER TABLE notes ADD COLUMN pinned INTEGER;")) +
            "```sql\n" + Block("user", "0.3.20", "0.3.19", "ALTER TABLE notes DROP COLUMN pinned;") + "```\n\n" +
            Section("baseline", "0.3.19", ("user", "CREATE TABLE notes (id INTEGER PRIMARY KEY);"));

        LoadedLedger ledger = Load(text);

        Assert.IsFalse(ledger.HasErrors, Describe(ledger.Diagnostics));
        MigrationSet set = ledger.Set!;
        CollectionAssert.AreEqual(new[] { "baseline", "0.3.19", "0.3.20" }, set.VersionLine.Select(v => v.Normalized).ToArray(),
            "a down block adds no version");
        MigrationStep step = set.Steps[1];
        MigrationBlock down = step.Down[Scopes.User];
        Assert.IsTrue(down.IsDown);
        Assert.AreEqual("ALTER TABLE notes DROP COLUMN pinned;", down.Body);
        Assert.AreSame(down, step.For(Scopes.User).DownBlock);
        Assert.IsTrue(step.For(Scopes.User).CanRollBack);
        Assert.IsFalse(set.Steps[0].For(Scopes.User).CanRollBack, "baseline→0.3.19 has SQL and no down block");
        Assert.IsEmpty(step.Down.Where(kv => kv.Key == Scopes.System));
        Assert.AreEqual("Migration: 0.3.19 → 0.3.20", step.Title, "the title comes from the up block");
    }

    [TestMethod]
    public void A_down_block_to_baseline_undoes_the_first_step()
    {
        string text = Fenced(
            Block("user", "baseline", "1.0.1", Create),
            Block("user", "1.0.1", "baseline", "DROP TABLE t1;"),
            Block("user", "1.0.1", "1.0.2", Alter));

        LoadedLedger ledger = Load(text);

        Assert.IsFalse(ledger.HasErrors, Describe(ledger.Diagnostics));
        Assert.AreEqual("DROP TABLE t1;", ledger.Set!.Steps[0].Down[Scopes.User].Body);
        Assert.IsEmpty(ledger.Set.Steps[1].Down);
    }

    private static Diagnostic AssertSingleError(string text, string code)
    {
        LoadedLedger ledger = Load(text);

        Assert.IsNull(ledger.Set, "a ledger with errors has no set");
        Assert.AreEqual(code, Codes(ledger.Diagnostics, Severity.Error), Describe(ledger.Diagnostics));
        Diagnostic d = ledger.Diagnostics.Single(x => x.Code == code);
        Assert.AreEqual(FileName, d.Location.Path);
        Assert.AreEqual(1, d.Location.Column);
        return d;
    }
}
